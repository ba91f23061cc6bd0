#include "dns/zscan.h"
