#include "dns/load.h"
