#include "dns/zone.h"
