#include "dns/arena.h"
