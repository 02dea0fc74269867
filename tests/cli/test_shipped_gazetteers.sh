# The shipped gazetteers: they pass `entidx gazetteer check`, have the promised
# coverage, resolve the names users ask about first, and are exactly what the
# generator makes from the open data (when ../shared and python3 are present).
. "$(dirname "$0")/lib.sh"

run gazetteer check --quiet --no-words "$SRC"/gazetteers/*.tsv
expect_status 0 "gazetteer check on the shipped files"
echo "$out"
summary=$out
count_of() { printf '%s' "$summary" | sed -n "s/.*$1 \([0-9]*\).*/\1/p"; }
checks=$((checks + 1))
[ "$(count_of COUNTRY)" -ge 249 ] || fail "fewer than 249 COUNTRY entities"
checks=$((checks + 1))
[ "$(count_of ORG)" -ge 2000 ] || fail "fewer than 2000 ORG entities"
checks=$((checks + 1))
[ "$(count_of PERSON)" -ge 1000 ] || fail "fewer than 1000 PERSON entities"
checks=$((checks + 1))
printf '%s' "$summary" | grep -q '; 0 collisions,' || fail "alias collisions in the shipped files"

# name -> expected id; each must resolve to that entity and to no other
while IFS='|' read -r name id; do
    run lookup --format tsv "$name"
    expect_status 0 "lookup $name"
    got=$(printf '%s\n' "$out" | tail -n +2 | cut -f2 | tr '\n' ' ')
    checks=$((checks + 1))
    [ "$got" = "$id " ] || fail "'$name' resolves to '$got', expected '$id'"
done <<'NAMES'
UK|GBR
Britain|GBR
U.K.|GBR
U.S.|USA
US|USA
United States of America|USA
South Korea|KOR
Republic of Korea|KOR
Ivory Coast|CIV
Côte d'Ivoire|CIV
Cote d'Ivoire|CIV
Burma|MMR
Zaire|COD
Swaziland|SWZ
Czech Republic|CZE
Deutschland|DEU
Allemagne|DEU
Alemania|DEU
Chinese|CHN
Germans|DEU
Curaçao|CUW
Huawei|ORG_HUAWEI
EU|ORG_EU
NATO|ORG_NATO
GCHQ|ORG_GCHQ
United Nations|ORG_UN
Angela Merkel|PER_ANGELA_MERKEL
Xi Jinping|PER_XI_JINPING
USDA|ORG_USDA
U.S. Agriculture Department|ORG_USDA
US Commerce Department|ORG_US_COMMERCE
U.S. Navy|ORG_US_NAVY
U.S. Postal|ORG_USPS
France-Soir|ORG_FRANCE_SOIR
Hong Kong Economic Times|ORG_HONG_KONG_ECONOMIC_TIMES
Board of Control for Cricket in India|ORG_BCCI
Bank of Credit and Commerce International|ORG_BANK_OF_CREDIT_AND_COMMERCE_INTERNATIONAL
Australia and New Zealand Banking Group|ORG_ANZ
British Medical Journal|ORG_BMJ
People's Republic of China|CHN
People's Daily|ORG_PEOPLES_DAILY
North American|PLACE_NORTH_AMERICA
N. America|PLACE_NORTH_AMERICA
Latin Americans|PLACE_LATIN_AMERICA
Opec|ORG_OPEC
Nato|ORG_NATO
Uefa|ORG_UEFA
Fifa|ORG_FIFA
Nasa|ORG_NASA
Pepsico|ORG_PEPSICO
Natwest|ORG_NATWEST_GROUP
Axa|ORG_AXA
ABN Amro|ORG_ABN_AMRO
Keycorp|ORG_KEYCORP
Metlife|ORG_METLIFE
MasterCard|ORG_MASTERCARD
European Community|ORG_EUROPEAN_ECONOMIC_COMMUNITY
EEC|ORG_EUROPEAN_ECONOMIC_COMMUNITY
Ford Motor|ORG_FORD
New Labour|ORG_LABOR_PARTY_GBR
Associated Press of Pakistan|ORG_ASSOCIATED_PRESS_OF_PAKISTAN
NAMES

# "Mohammed Ali" is no alias of Guyana's Mohammed Irfaan Ali: a common name
run lookup --format tsv "Mohammed Ali"
expect_status 1 "lookup Mohammed Ali"
expect_err_has "no entity matches 'Mohammed Ali'"

# acronyms stay acronyms
run lookup us who
expect_status 1 "lowercase acronyms"

# "EPA" is also Japan's Economic Planning Agency: only with --ambiguous
run lookup EPA
expect_status 1 "EPA without --ambiguous"
run lookup --ambiguous --format tsv EPA
expect_status 0 "EPA with --ambiguous"
expect_out_has "ORG_US_EPA"

# "BCCI" is the cricket board and the bank: only with --ambiguous, and then both
run lookup BCCI
expect_status 1 "BCCI without --ambiguous"
run lookup --ambiguous --format tsv BCCI
expect_status 0 "BCCI with --ambiguous"
expect_out_has "ORG_BCCI"
expect_out_has "ORG_BANK_OF_CREDIT_AND_COMMERCE_INTERNATIONAL"

# in running text: the longer names win over the country inside them
printf '%s\n' "The North American unit of the People's Republic of China's bank." >"$T/doc.txt"
run tag --format csv "$T/doc.txt"
expect_status 0 "tag North American, People's Republic of China"
expect_out_has ",PLACE_NORTH_AMERICA,PLACE,North America,4,18,North American,"
expect_out_has ",CHN,COUNTRY,China,31,57,People's Republic of China,"
expect_out_lacks ",USA,"
expect_out_lacks ",TWN,"

# Georgia is flagged cued: the US state and Georgia-Pacific are not the
# country; a text with one of its cue words (Tbilisi) is about the country
printf '%s\n' "Georgia-Pacific moved to Atlanta, Georgia." >"$T/state.txt"
printf '%s\n' "Georgia said talks in Tbilisi went well." >"$T/country.txt"
run tag --format csv "$T/state.txt" "$T/country.txt"
expect_status 0 "tag Georgia"
expect_out_lacks "state.txt,text,GEO,"
expect_out_has "state.txt,text,ORG_GEORGIA_PACIFIC,ORG,Georgia-Pacific,0,15,Georgia-Pacific,"
expect_out_has "country.txt,text,GEO,COUNTRY,Georgia,0,7,Georgia,"
# a headline's Georgia, with the cue word in its article's text
printf '%s\n' '{"id":"d1","title":"Georgia plans a pardon","text":"Talks in Tbilisi."}' \
    '{"id":"d2","title":"Georgia plans a pardon","text":"Talks in Atlanta."}' >"$T/docs.jsonl"
run tag --format csv "$T/docs.jsonl"
expect_status 0 "tag a headline's Georgia"
expect_out_has "d1,title,GEO,COUNTRY,Georgia,0,7,Georgia,"
expect_out_lacks "d2,title,GEO,"
run lookup --format tsv Georgia
expect_status 0 "lookup Georgia"
expect_out_has "GEO"

# "RSA" is mostly the cipher and its company: South Africa only with
# --ambiguous (an ambiguous other name of a country's own, as "Nippon" is, is
# not taken even where the country is named)
printf '%s\n' "DES is much faster than RSA; RSA Security agreed." >"$T/rsa.txt"
printf '%s\n' "South Africa voted; the RSA delegation left." >"$T/zaf.txt"
run tag --format csv "$T/rsa.txt" "$T/zaf.txt"
expect_status 0 "tag RSA"
expect_out_lacks "rsa.txt,text,ZAF,"
expect_out_lacks "zaf.txt,text,ZAF,COUNTRY,South Africa,24,27,RSA,"
expect_out_has "zaf.txt,text,ZAF,COUNTRY,South Africa,0,12,South Africa,"
run tag --ambiguous --format csv "$T/zaf.txt"
expect_status 0 "tag RSA with --ambiguous"
expect_out_has "zaf.txt,text,ZAF,COUNTRY,South Africa,24,27,RSA,"

# "RBI" is baseball's runs batted in as often as the Reserve Bank of India:
# cued, the bank only in a document with one of its cue words (India, Bombay...)
printf '%s\n' "Klesko delivered a go-ahead RBI single." >"$T/rbi.txt"
printf '%s\n' "RBI hikes repo rate as India's inflation rises." >"$T/bank.txt"
run tag --format csv "$T/rbi.txt" "$T/bank.txt"
expect_status 0 "tag RBI"
expect_out_lacks "rbi.txt,text,ORG_RESERVE_BANK_OF_INDIA,"
expect_out_has "bank.txt,text,ORG_RESERVE_BANK_OF_INDIA,ORG,Reserve Bank of India,0,3,RBI,"

# "National Union", a Jordanian party's name, is mostly the start of a union's
# name elsewhere (of Mineworkers, of Journalists): cued with Jordan's words
printf '%s\n' "The National Union of Mineworkers said so." >"$T/num.txt"
printf '%s\n' "In Amman the National Union won seats." >"$T/jor.txt"
run tag --format csv "$T/num.txt" "$T/jor.txt"
expect_status 0 "tag National Union"
expect_out_lacks "num.txt,text,ORG_NATIONAL_UNION_JOR,"
expect_out_has "jor.txt,text,ORG_NATIONAL_UNION_JOR,ORG,National Union,13,27,National Union,"

# "EC" was the European Community in news before 1993, and is the European
# Commission, or a Venezuelan party, in others: ambiguous, the Community's in a
# document that names the Community
printf '%s\n' "The European Community (EC) agreed. EC ministers met." >"$T/eec.txt"
printf '%s\n' "EC ministers met." >"$T/ec.txt"
run tag --format csv "$T/eec.txt" "$T/ec.txt"
expect_status 0 "tag EC"
expect_out "doc,field,id,type,name,start,end,text,sentence
$T/eec.txt,text,ORG_EUROPEAN_ECONOMIC_COMMUNITY,ORG,European Economic Community,4,22,European Community,0
$T/eec.txt,text,ORG_EUROPEAN_ECONOMIC_COMMUNITY,ORG,European Economic Community,24,26,EC,0
$T/eec.txt,text,ORG_EUROPEAN_ECONOMIC_COMMUNITY,ORG,European Economic Community,36,38,EC,1"

# "Apple" is the company in a document about computers (a cue word: Macintosh,
# iPod...) or that names it otherwise (Apple Computer), not the fruit elsewhere
printf '%s\n' "Apple unveiled a new Macintosh." >"$T/mac.txt"
printf '%s\n' "Apple Computer Inc said so. Apple rose." >"$T/aapl.txt"
printf '%s\n' "Apple prices fell in Kent orchards." >"$T/fruit.txt"
run tag --format csv "$T/mac.txt" "$T/aapl.txt" "$T/fruit.txt"
expect_status 0 "tag Apple"
expect_out "doc,field,id,type,name,start,end,text,sentence
$T/mac.txt,text,ORG_APPLE,ORG,Apple,0,5,Apple,0
$T/aapl.txt,text,ORG_APPLE,ORG,Apple,0,18,Apple Computer Inc,0
$T/aapl.txt,text,ORG_APPLE,ORG,Apple,28,33,Apple,1"

# "Ford" is the car maker in a document with its models, rivals or places,
# and nothing in one without them
printf '%s\n' "Ford and GM cut output; Ford's Taurus sold." >"$T/ford.txt"
printf '%s\n' "Ford crossed the river at the ford." >"$T/river.txt"
run tag --format csv "$T/ford.txt" "$T/river.txt"
expect_status 0 "tag Ford"
expect_out_has "ford.txt,text,ORG_FORD,ORG,Ford,0,4,Ford,0"
expect_out_has "ford.txt,text,ORG_FORD,ORG,Ford,24,28,Ford,0"
expect_out_lacks "river.txt"

# "CPC" was CPC International, a food company, in 1987's news: the Communist
# Party of China's only in a document with China's words
printf '%s\n' "CPC said it sold its European corn wet milling business." >"$T/cpc.txt"
printf '%s\n' "The CPC met in Beijing on Monday." >"$T/ccp.txt"
run tag --format csv "$T/cpc.txt" "$T/ccp.txt"
expect_status 0 "tag CPC"
expect_out_lacks "cpc.txt,text,ORG_CCP,"
expect_out_has "ccp.txt,text,ORG_CCP,ORG,Chinese Communist Party,4,7,CPC,"

# an acronym the document spells out as another entity's name is that
# entity's, and --explain says why
printf '%s\n' "The Chicago Mercantile Exchange (CME) said the CME would act." >"$T/cme.txt"
run tag --explain --format csv "$T/cme.txt"
expect_status 0 "tag an acronym the document defines"
expect_out_has 'cme.txt,text,ORG_CHICAGO_MERCANTILE_EXCHANGE,ORG,Chicago Mercantile Exchange,33,36,CME,0,Chicago Mercantile Exchange,"default,defined"'
expect_out_has 'cme.txt,text,ORG_CHICAGO_MERCANTILE_EXCHANGE,ORG,Chicago Mercantile Exchange,47,50,CME,0,Chicago Mercantile Exchange,"default,defined"'
expect_out_lacks "cme.txt,text,ORG_CME,"

# acronyms that are everyday words are no names in a capitals headline; once
# the full name has been written, the short one is that organisation
printf '%s\n' "GOOD NEWS: MOST JAPAN FIRMS LIKE THE IDEA OF CARE" >"$T/words.txt"
printf '%s\n' "The Federal Reserve met; the Fed kept rates." >"$T/fed.txt"
run tag --format csv "$T/words.txt" "$T/fed.txt"
expect_status 0 "tag words in capitals"
expect_out_has "words.txt,text,JPN,COUNTRY,Japan,"
expect_out_lacks "words.txt,text,ORG_"
expect_out_has "fed.txt,text,ORG_FEDERAL_RESERVE,ORG,Federal Reserve,29,32,Fed,"

# the Labour Parties share their name: the document's cue words tell them apart
printf '%s\n' "Tony Blair told the Labour Party in London." >"$T/gbr.txt"
printf '%s\n' "Shimon Peres led Israel's Labour Party." >"$T/isr.txt"
printf '%s\n' "The Labour Party met. Labour Minister Lee spoke." >"$T/none.txt"
run tag --format csv "$T/gbr.txt" "$T/isr.txt" "$T/none.txt"
expect_status 0 "tag Labour Parties"
expect_out_has "gbr.txt,text,ORG_LABOR_PARTY_GBR,ORG,Labour Party,20,32,Labour Party,"
expect_out_has "isr.txt,text,ORG_LABOR_PARTY_ISR,ORG,Labour Party,26,38,Labour Party,"
expect_out_lacks "none.txt,text,ORG_"
# party names several countries share get their countries' words as cues
printf '%s\n' "Republicans in Congress hailed Reagan; the Democratic Party did not." >"$T/usa.txt"
printf '%s\n' "Italy's Democratic Party won." >"$T/ita.txt"
run tag --format csv "$T/usa.txt" "$T/ita.txt"
expect_status 0 "tag shared party names"
expect_out_has "usa.txt,text,ORG_REPUBLICAN_PARTY_USA,ORG,Republican Party,0,11,Republicans,"
expect_out_has "usa.txt,text,ORG_DEMOCRATIC_PARTY_USA,ORG,Democratic Party,"
expect_out_has "ita.txt,text,ORG_DEMOCRATIC_PARTY_ITA,ORG,Democratic Party,"
# both Congos are "Congo": a cue word, or another alias before, says which
printf '%s\n' "GOMA, Congo -- Fighting spread in Congo." >"$T/cod.txt"
printf '%s\n' "Sassou-Nguesso of Congo spoke." >"$T/cog.txt"
printf '%s\n' "The Democratic Republic of Congo met Congo." >"$T/named.txt"
printf '%s\n' "Togo beat Congo 1-0." >"$T/nocue.txt"
run tag --format csv "$T/cod.txt" "$T/cog.txt" "$T/named.txt" "$T/nocue.txt"
expect_status 0 "tag Congo"
expect_out_has "cod.txt,text,COD,COUNTRY,Democratic Republic of the Congo,6,11,Congo,"
expect_out_has "cod.txt,text,COD,COUNTRY,Democratic Republic of the Congo,34,39,Congo,"
expect_out_has "cog.txt,text,COG,COUNTRY,Republic of the Congo,18,23,Congo,"
expect_out_has "named.txt,text,COD,COUNTRY,Democratic Republic of the Congo,37,42,Congo,"
expect_out_lacks "cog.txt,text,COD,"
expect_out_lacks "nocue.txt,text,CO"

gen="$SRC/gazetteers/build/build.py"
sources="$SRC/../shared/data/gazetteer-sources"
if command -v python3 >/dev/null 2>&1 && [ -d "$sources" ]; then
    mkdir -p "$T/gen"
    python3 "$gen" "$sources" "$T/gen" 2>"$T/gen.log" || fail "generator failed: $(tail -3 "$T/gen.log")"
    for f in countries orgs people; do
        checks=$((checks + 1))
        cmp -s "$T/gen/$f.tsv" "$SRC/gazetteers/$f.tsv" ||
            fail "gazetteers/$f.tsv differs from what gazetteers/build/build.py makes"
    done
else
    echo "generator check skipped: needs python3 and $sources"
fi

finish
