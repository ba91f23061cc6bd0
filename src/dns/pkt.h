#ifndef RD_PKT_H
#define RD_PKT_H
#endif
