# `entidx tag` prints each mention with byte offsets into the field text;
# `entidx lookup` resolves names with the same rules.
. "$(dirname "$0")/lib.sh"

cat >"$T/g.tsv" <<'TSV'
id	type	name	aliases
DEU	COUNTRY	Germany	Deutschland
USA	COUNTRY	United States	US|U.S.
NZL	COUNTRY	New Zealand
NER	COUNTRY	Niger
KOR	COUNTRY	South Korea
HUAWEI	ORG	Huawei
TSV
printf '%s\n' \
    '{"id": "a1", "title": "GERMANY, US AGREE", "text": "Germany\u2019s deal with the U.S. and New\nZealand; let us see. Nigeria is not Niger."}' \
    '{"id": 42, "text": "Huawei-made kit in South Korea"}' >"$T/c.jsonl"

run tag -g "$T/g.tsv" "$T/c.jsonl"
expect_status 0 "tag"
expect_out '{"doc":"a1","field":"title","id":"DEU","type":"COUNTRY","name":"Germany","start":0,"end":7,"text":"GERMANY","sentence":0}
{"doc":"a1","field":"title","id":"USA","type":"COUNTRY","name":"United States","start":9,"end":11,"text":"US","sentence":0}
{"doc":"a1","field":"text","id":"DEU","type":"COUNTRY","name":"Germany","start":0,"end":7,"text":"Germany","sentence":1}
{"doc":"a1","field":"text","id":"USA","type":"COUNTRY","name":"United States","start":26,"end":30,"text":"U.S.","sentence":1}
{"doc":"a1","field":"text","id":"NZL","type":"COUNTRY","name":"New Zealand","start":35,"end":46,"text":"New\nZealand","sentence":1}
{"doc":"a1","field":"text","id":"NER","type":"COUNTRY","name":"Niger","start":75,"end":80,"text":"Niger","sentence":2}
{"doc":"42","field":"text","id":"HUAWEI","type":"ORG","name":"Huawei","start":0,"end":6,"text":"Huawei","sentence":0}
{"doc":"42","field":"text","id":"KOR","type":"COUNTRY","name":"South Korea","start":19,"end":30,"text":"South Korea","sentence":0}'

# only the text field, as TSV
run tag -g "$T/g.tsv" --text-field text --format tsv "$T/c.jsonl"
expect_out_has "$(printf 'doc\tfield\tid\ttype\tname\tstart\tend\ttext\tsentence')"
expect_out_has "$(printf 'a1\ttext\tNZL\tCOUNTRY\tNew Zealand\t35\t46\tNew\\nZealand\t0')"
expect_out_lacks "title"

# a directory of text files and one document per line
mkdir -p "$T/dir/sub"
printf 'Germany\n' >"$T/dir/b.txt"
printf 'Niger\n' >"$T/dir/sub/c.txt"
printf 'Huawei\n' >"$T/dir/a.txt"
run tag -g "$T/g.tsv" --format csv "$T/dir"
expect_out "doc,field,id,type,name,start,end,text,sentence
$T/dir/a.txt,text,HUAWEI,ORG,Huawei,0,6,Huawei,0
$T/dir/b.txt,text,DEU,COUNTRY,Germany,0,7,Germany,0
$T/dir/sub/c.txt,text,NER,COUNTRY,Niger,0,5,Niger,0"

printf 'Germany first\n\nthen Niger\n' >"$T/lines.txt"
run tag -g "$T/g.tsv" --input-format lines --format csv "$T/lines.txt"
expect_out "doc,field,id,type,name,start,end,text,sentence
$T/lines.txt:1,text,DEU,COUNTRY,Germany,0,7,Germany,0
$T/lines.txt:3,text,NER,COUNTRY,Niger,5,10,Niger,0"

run tag -g "$T/g.tsv" --overlaps all --format csv --text-field text "$T/c.jsonl"
expect_status 0 "tag --overlaps all"

run lookup -g "$T/g.tsv" --format tsv U.S. 'new zealand' Deutschland GERMANY
expect_status 1 "lookup with a miss"
expect_out "$(printf 'input\tid\ttype\tname\talias\trule\nU.S.\tUSA\tCOUNTRY\tUnited States\tU.S.\tdefault\nDeutschland\tDEU\tCOUNTRY\tGermany\tDeutschland\tdefault\nGERMANY\tDEU\tCOUNTRY\tGermany\tGermany\tdefault')"
expect_err_has "entidx: no entity matches 'new zealand' in this letter case, or only through aliases switched off (try --ignore-case)"

run lookup -g "$T/g.tsv" --format csv --ignore-case us
expect_status 0 "lookup --ignore-case"
expect_out "input,id,type,name,alias,rule
us,USA,COUNTRY,United States,US,default"

# alias flags: demonyms on unless --no-demonyms, ambiguous off unless --ambiguous,
# exact and anycase case rules
cat >"$T/flags.tsv" <<'TSV'
id	type	name	aliases
DEU	COUNTRY	Germany	German{demonym}|Germans{demonym}
TUR	COUNTRY	Turkey{exact}
APPLE	ORG	Apple Inc.	Apple{ambiguous}
EBAY	ORG	eBay{anycase}
TSV
printf 'German troops. Germans vote. TURKEY turkey Turkey. Apple sells. EBAY ebay\n' >"$T/f.txt"
run tag -g "$T/flags.tsv" --format csv "$T/f.txt"
expect_status 0 "tag with flags"
expect_out "doc,field,id,type,name,start,end,text,sentence
$T/f.txt,text,DEU,COUNTRY,Germany,0,6,German,0
$T/f.txt,text,DEU,COUNTRY,Germany,15,22,Germans,1
$T/f.txt,text,TUR,COUNTRY,Turkey,43,49,Turkey,2
$T/f.txt,text,EBAY,ORG,eBay,64,68,EBAY,4
$T/f.txt,text,EBAY,ORG,eBay,69,73,ebay,4"
run tag -g "$T/flags.tsv" --format csv --no-demonyms --ambiguous "$T/f.txt"
expect_out_lacks ",DEU,"
expect_out_has "$T/f.txt,text,APPLE,ORG,Apple Inc.,51,56,Apple,3"
run lookup -g "$T/flags.tsv" --format csv Germans Apple
expect_status 1 "lookup of a switched-off alias"
expect_out "input,id,type,name,alias,rule
Germans,DEU,COUNTRY,Germany,Germans,\"default,demonym\""
expect_err_has "no entity matches 'Apple' in this letter case, or only through aliases switched off"
run lookup -g "$T/flags.tsv" --format csv --ambiguous Apple
expect_out "input,id,type,name,alias,rule
Apple,APPLE,ORG,Apple Inc.,Apple,\"default,ambiguous\""
printf 'id\ttype\tname\taliases\nX\tORG\tAcme\tAcme Co{demonim}\n' >"$T/badflag.tsv"
run lookup -g "$T/badflag.tsv" Acme
expect_status 1 "unknown flag"
expect_err_has "$T/badflag.tsv:2:20: unknown flag 'demonim' (expected demonym, ambiguous, exact, anycase or stem)"

# --explain: which alias and rule produced each mention; surnames after a full name
printf 'id\ttype\tname\taliases\tcountry\nDEU\tCOUNTRY\tGermany\tGermans{demonym}\t\nAM\tPERSON\tAngela Merkel\t\tDEU\n' >"$T/p.tsv"
printf 'Merkel first. Angela Merkel met Germans. Merkel said.\n' >"$T/p.txt"
run tag -g "$T/p.tsv" --explain --format csv "$T/p.txt"
expect_status 0 "tag --explain"
expect_out "doc,field,id,type,name,start,end,text,sentence,alias,rule
$T/p.txt,text,AM,PERSON,Angela Merkel,14,27,Angela Merkel,1,Angela Merkel,default
$T/p.txt,text,DEU,COUNTRY,Germany,32,39,Germans,1,Germans,\"default,demonym\"
$T/p.txt,text,AM,PERSON,Angela Merkel,41,47,Merkel,2,Angela Merkel,surname"

# --refused: near misses with their reasons among the mentions, which stay the same
printf 'id\ttype\tname\taliases\tcues\nUSA\tCOUNTRY\tUnited States\tUS\t\nGEO\tCOUNTRY\tGeorgia{cued}\t\tTbilisi\nJOR\tCOUNTRY\tJordan{person}\t\t\n' >"$T/near.tsv"
printf 'Us and us paid US$ 5 in Jordan and Georgia.\n' >"$T/near1.txt"
printf 'Neil Jordan left.\n' >"$T/near2.txt"
run tag -g "$T/near.tsv" --refused --format csv "$T/near1.txt" "$T/near2.txt"
expect_status 0 "tag --refused"
expect_out "doc,field,id,type,name,start,end,text,sentence,alias,rule,refused
$T/near1.txt,text,USA,COUNTRY,United States,0,2,Us,0,US,default,case
$T/near1.txt,text,USA,COUNTRY,United States,15,17,US,0,US,default,currency
$T/near1.txt,text,JOR,COUNTRY,Jordan,24,30,Jordan,0,Jordan,\"default,person\",
$T/near1.txt,text,GEO,COUNTRY,Georgia,35,42,Georgia,0,Georgia,\"default,cued\",cued
$T/near2.txt,text,JOR,COUNTRY,Jordan,5,11,Jordan,0,Jordan,\"default,person\",person"
run tag -g "$T/near.tsv" --explain --format csv "$T/near1.txt" "$T/near2.txt"
expect_out "doc,field,id,type,name,start,end,text,sentence,alias,rule
$T/near1.txt,text,JOR,COUNTRY,Jordan,24,30,Jordan,0,Jordan,\"default,person\""

# -g DIR reads the *.tsv files directly in DIR, not README files or subdirectories
mkdir -p "$T/gdir/build"
cp "$T/g.tsv" "$T/gdir/main.tsv"
printf 'not a gazetteer\n' >"$T/gdir/README.md"
cp "$T/g.tsv" "$T/gdir/build/copy.tsv"
run lookup -g "$T/gdir" --format csv Niger
expect_status 0 "-g DIR"
expect_out "input,id,type,name,alias,rule
Niger,NER,COUNTRY,Niger,Niger,default"

# inflection for aliases flagged stem; the stemmer language is selectable
printf 'id\ttype\tname\taliases\nCAN\tCOUNTRY\tCanada\tCanadian{stem}\n' >"$T/stem.tsv"
run lookup -g "$T/stem.tsv" --format csv Canadians
expect_out "input,id,type,name,alias,rule
Canadians,CAN,COUNTRY,Canada,Canadian,\"default,stem\""
run lookup -g "$T/stem.tsv" --stem-language klingon Canadians
expect_status 1 "unknown stemmer language"
expect_err_has "$T/stem.tsv:2:20: unknown stemmer language 'klingon'"

run lookup -g "$T/g.tsv" Atlantis
expect_status 1 "lookup of an unknown name"
expect_err_has "entidx: no entity matches 'Atlantis'"

# the shipped gazetteers are the default
run lookup --format tsv UK Britain U.S. 'South Korea' 'Republic of Korea' 'Ivory Coast' \
    "Côte d'Ivoire" Burma Deutschland Huawei EU NATO GCHQ 'United Nations' 'Angela Merkel' \
    'Xi Jinping'
expect_status 0 "lookup in the shipped gazetteers"
for row in 'UK	GBR' 'Britain	GBR' 'U.S.	USA' 'South Korea	KOR' 'Republic of Korea	KOR' \
    'Ivory Coast	CIV' "Côte d'Ivoire	CIV" 'Burma	MMR' 'Deutschland	DEU' 'Huawei	ORG_HUAWEI' \
    'EU	ORG_EU' 'NATO	ORG_NATO' 'GCHQ	ORG_GCHQ' 'United Nations	ORG_UN' \
    'Angela Merkel	PER_ANGELA_MERKEL' 'Xi Jinping	PER_XI_JINPING'; do
    expect_out_has "$row"
done

finish
