/* Renderers of a tallied round: text, CSV, JSON and a self-contained HTML
 * page. Each appends to out; text from files is sanitised (text), quoted
 * and neutralised (CSV) or escaped (HTML). */
#ifndef SHINSA_MERGE_REPORT_H
#define SHINSA_MERGE_REPORT_H

#include <stdbool.h>

#include "base/buf.h"
#include "mround.h"

int	report_text(const struct mround *, struct sh_buf *out);
int	report_csv(const struct mround *, bool bom, struct sh_buf *out);
int	report_json(const struct mround *, struct sh_buf *out);
int	report_html(const struct mround *, struct sh_buf *out);

#endif
