/*
 * Prefectures by their JIS X 0401 code ("01" 北海道 … "47" 沖縄県), the
 * code a proposal carries: every place that shows a prefecture shows its
 * name from this one table.
 */
#ifndef SHINSA_REVIEW_PREFECTURE_H
#define SHINSA_REVIEW_PREFECTURE_H

#include <stdbool.h>

/*
 * The name of the prefecture with code ("01"–"47"), in Japanese
 * (北海道, 東京都) or in English (Hokkaido, Tokyo); static storage. NULL
 * for any other string.
 */
const char	*sh_prefecture_name(const char *code, bool japanese);

/*
 * The code ("13") of the prefecture named name in Japanese (東京都) or
 * English (Tokyo), as a file may give it; NULL for any other name.
 */
const char	*sh_prefecture_code(const char *name);

#endif
