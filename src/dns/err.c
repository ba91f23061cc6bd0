#include "dns/err.h"
