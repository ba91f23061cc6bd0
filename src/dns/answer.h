#ifndef RD_ANSWER_H
#define RD_ANSWER_H
#endif
