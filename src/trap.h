/*
 * trap.h - trap codes and their spec wording (the table lives in trap.c).
 */
#ifndef FA_TRAP_H
#define FA_TRAP_H

#include "fayasm.h"

#endif
