#include "dns/pkt.h"
