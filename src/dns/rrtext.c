#include "dns/rrtext.h"
