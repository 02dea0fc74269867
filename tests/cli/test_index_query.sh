# Index the bundled sample corpus with the frozen test gazetteers, then query,
# list entities and report co-occurrence; compare with known answers.
. "$(dirname "$0")/lib.sh"
G="$SRC/tests/data/gazetteers"

run index -g "$G" -o "$T/s.idx" "$SRC/corpora/news-sample.jsonl.gz" "$SRC/corpora/text" \
    --quiet
expect_status 0 "index"
expect_err_empty
[ -f "$T/s.idx" ] || fail "no index written"
[ -z "$(ls "$T" | grep '\.tmp-')" ] || fail "temporary file left behind"

run verify "$T/s.idx"
expect_status 0 "verify"
expect_out "$T/s.idx: ok (15 documents, 163 entities, format version 2)"

run query "$T/s.idx" 'Japan AND "United States"' --format csv
expect_status 0 "query"
expect_out 'doc,date,title,url,Japan,United States
sample-2,2019-06-28,JAPAN AND U.S. AGREE TO WIDEN TRADE TALKS BEFORE OSAKA SUMMIT,https://news.example.org/2019/japan-us-widen-trade-talks,2,4
sample-9,2023-01-28,Japan and Netherlands join U.S. curbs on chip tools for China,https://news.example.org/2023/japan-netherlands-chip-curbs,2,3
sample-11,2022-10-04,North Korea fires missile over Japan for first time in five years,https://news.example.org/2022/north-korea-missile-over-japan,3,2'

# piped output defaults to CSV; the words of the expression may be separate arguments
"$ENTIDX" query "$T/s.idx" Japan AND United States >"$T/piped"
cmp -s "$T/piped" "$T/out" || fail "piped default output is not the same CSV"

run query "$T/s.idx" --count 'Huawei AND Germany'
expect_status 0 "query --count"
expect_out "3"

run query "$T/s.idx" --count 'Huawei AND NOT Germany'
expect_out "1"

run query "$T/s.idx" --count '(NATO OR "United Nations") AND NOT id:USA'
expect_out "3"

run query "$T/s.idx" --format jsonl --limit 1 'id:CIV'
expect_out '{"doc":"sample-6","date":"2023-08-03","title":"Niger junta defies regional deadline as Nigeria leads talks","url":"https://news.example.org/2023/niger-junta-deadline","Côte d'"'"'Ivoire":2}'

run query "$T/s.idx" --format tsv 'type:PERSON AND Huawei'
expect_out "$(printf 'doc\tdate\ttitle\turl\tHuawei\nsample-1\t2019-05-21\tBerlin keeps door open to Huawei in 5G testing\thttps://news.example.org/2019/berlin-huawei-5g-testing\t4\nsample-5\t2020-07-14\tBritain'"'"'s government orders Huawei out of 5G networks by 2027\thttps://news.example.org/2020/britain-orders-huawei-out\t2\nsample-10\t2024-07-11\tGermany’s networks to drop Huawei and ZTE parts by 2029\thttps://news.example.org/2024/germany-drops-huawei-zte\t3')"

# a title with a comma and quotes is quoted per RFC 4180
run query "$T/s.idx" --format csv 'id:ORG_EU AND China'
expect_out_has '"EU, China seal ""in principle"" investment deal after seven years"'

run query "$T/s.idx" 'Germny'
expect_status 1 "unknown name"
expect_err_has "unknown entity 'Germny'; did you mean 'Germany' (DEU)"

run query "$T/s.idx" 'Japan AND (China'
expect_status 1 "syntax error"
expect_err_has "entidx: query column 11: unbalanced '(': missing ')'"

run entities "$T/s.idx" --top 3 --format csv
expect_status 0 "entities"
expect_out 'id,type,name,documents,mentions
USA,COUNTRY,United States,7,14
DEU,COUNTRY,Germany,5,6
ORG_HUAWEI,ORG,Huawei,4,11'

run entities "$T/s.idx" --type PERSON --top 1 --format tsv
expect_out "$(printf 'id\ttype\tname\tdocuments\tmentions\nPER_ANTONIO_GUTERRES\tPERSON\tAntonio Guterres\t2\t2')"

run cooc "$T/s.idx" --top 3
expect_status 0 "cooc"
expect_out 'id_a,name_a,type_a,id_b,name_b,type_b,count,df_a,df_b,units,pmi,npmi,jaccard,dice,g2
DEU,Germany,COUNTRY,USA,United States,COUNTRY,3,5,7,15,0.36257,0.15615,0.333333,0.5,0.537349
DEU,Germany,COUNTRY,ORG_HUAWEI,Huawei,ORG,3,5,4,15,1.16993,0.503859,0.5,0.666667,4.16568
JPN,Japan,COUNTRY,USA,United States,COUNTRY,3,3,7,15,1.09954,0.473544,0.428571,0.6,5.45136'

run cooc "$T/s.idx" --min-count 3 --format csv
expect_out_lacks "CHN,China"

# the same inputs give the same bytes
run index -g "$G" -o "$T/again.idx" -q "$SRC/corpora/news-sample.jsonl.gz" "$SRC/corpora/text"
cmp -s "$T/s.idx" "$T/again.idx" || fail "index is not deterministic"

# plain and gzip input index alike; stdin works
gzip -dc "$SRC/corpora/news-sample.jsonl.gz" | "$ENTIDX" index -g "$G" -q -o "$T/stdin.idx" - \
    || fail "index from stdin"
run query "$T/stdin.idx" --count 'Japan AND "United States"'
expect_out "3"

finish
