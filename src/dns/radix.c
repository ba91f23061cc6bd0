#include "dns/radix.h"
