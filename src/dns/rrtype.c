#include "dns/rrtype.h"
