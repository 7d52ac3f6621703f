# Keys for the secretariat and five reviewers (sec, r01-r05, unprotected:
# tests only) and a new chiiki-2020 round in round.db; sourced with $M
# and $src set. Sets db.
for k in sec r01 r02 r03 r04 r05; do
	minisign -G -W -p $k.pub -s $k.key >/dev/null
done
db=round.db
$M init --round R2020-chiiki --title "令和2年度 地域との協働 書面審査" \
	--rubric "$src/data/rubrics/chiiki-2020.json" --secretariat-key sec.pub \
	--db $db >/dev/null
