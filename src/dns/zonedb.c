#include "dns/zonedb.h"
