#include "dns/rdata.h"
