#ifndef RD_EDNS_H
#define RD_EDNS_H
#endif
