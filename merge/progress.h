/*
 * One line of progress on standard error while a person waits ("sheet
 * 12 of 300"), for shinsa-merge and shinsa-verify. Drawn only when
 * standard error is a terminal, so that logs and tests see nothing of
 * it. One per process: whoever prints while it is up calls
 * progress_clear() first, and the next step draws it again; the end of
 * the loop clears it too.
 */
#ifndef MERGE_PROGRESS_H
#define MERGE_PROGRESS_H

#include "base/err.h"

void	progress_step(const char *, ...) SH_PRINTF(1, 2);
void	progress_clear(void);

#endif
