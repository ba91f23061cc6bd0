#include "dns/radkey.h"
