#include "dns/edns.h"
