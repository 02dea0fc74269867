# SPDX-License-Identifier: MIT
# entidx.bash - bash completion for entidx (installed as
# share/bash-completion/completions/entidx; or `source` this file).
#
# The commands and each command's options are read from the program's own
# `entidx --help` and `entidx CMD --help`, so they cannot drift from it, and a
# new command completes without touching this file. An option takes a value
# when its help line shows one (`-o, --output FILE`); the values listed below
# are completed for the options that have a fixed set, files for the others.
# Plain bash only: no helper of the bash-completion package is needed.

# _entidx_help PROG [CMD [SUB]]: the help text of PROG (or of PROG CMD, or of
# PROG CMD SUB for a command with subcommands), cached.
declare -gA _entidx_help_cache 2>/dev/null || true
_entidx_help() {
    local key="$1|${2-}|${3-}"
    if [[ -z ${_entidx_help_cache[$key]+set} ]]; then
        _entidx_help_cache[$key]=$("$1" ${2:+"$2"} ${3:+"$3"} --help 2>/dev/null)
    fi
    printf '%s\n' "${_entidx_help_cache[$key]}"
}

# _entidx_commands PROG: the command names, from the "Commands:" list.
_entidx_commands() {
    _entidx_help "$1" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p'
}

# _entidx_options PROG CMD [SUB]: one line per option: "NAME" or "NAME ARG" (short
# and long names on their own lines), from the indented option lines of the help.
_entidx_options() {
    _entidx_help "$1" "$2" "${3-}" |
        sed -nE 's/^ {2}(-[a-zA-Z])?(, )?(--[a-z0-9-]+)?( [A-Z][A-Z0-9,.]*)?( {2,}.*|$)/\1\4\n\3\4/p' |
        sed -e '/^ /d' -e '/^$/d'
}

# _entidx_values CMD OPTION: the fixed values of an option ("" if none).
_entidx_values() {
    case "$1:$2" in
    *:-f | *:--format) echo "table csv tsv jsonl" ;;
    *:--input-format) echo "auto jsonl text lines" ;;
    query:-s | query:--sort) echo "doc date mentions" ;;
    cooc:-s | cooc:--sort) echo "count pmi npmi jaccard dice g2" ;;
    cooc:-l | cooc:--level) echo "doc sentence window:" ;;
    cooc:--by) echo "day week month year" ;;
    tag:--overlaps) echo "longest all" ;;
    *:--type | *:--type-a | *:--type-b) echo "COUNTRY ORG PERSON PLACE" ;;
    *:--stem-language) echo "english french german spanish italian portuguese dutch" ;;
    esac
}

_entidx() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    local prog=${COMP_WORDS[0]} cmd="" sub="" i
    [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
    [[ $COMP_CWORD -gt 0 ]] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The command is the first word after the program that is not an option.
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} != -* ]]; then
            cmd=${COMP_WORDS[i]}
            break
        fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$(_entidx_commands "$prog") help" -- "$cur")
        fi
        return 0
    fi
    # gazetteer has subcommands (check, compile), each with its own options.
    [[ $cmd == gazetteer && $COMP_CWORD -gt $((i + 1)) ]] && sub=${COMP_WORDS[i + 1]}
    if [[ $cmd == help ]]; then
        [[ $COMP_CWORD -eq $((i + 1)) ]] &&
            mapfile -t COMPREPLY < <(compgen -W "$(_entidx_commands "$prog")" -- "$cur")
        return 0
    fi

    # --option=value: bash splits the word at '=' (COMP_WORDBREAKS).
    local opt="" optline
    if [[ $prev == "=" && $COMP_CWORD -ge 2 ]]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == "=" ]]; then
        opt=$prev
        cur=""
    elif [[ $prev == -* ]]; then
        opt=$prev
    fi
    if [[ -n $opt ]]; then
        optline=$(_entidx_options "$prog" "$cmd" "$sub" | grep -m1 -E -- "^$opt( |\$)")
        if [[ $optline == *" "* ]]; then
            local values
            values=$(_entidx_values "$cmd" "$opt")
            if [[ -n $values ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
                [[ ${COMPREPLY[0]-} == *: ]] && compopt -o nospace 2>/dev/null
            elif [[ ${optline#* } =~ ^(FILE|GAZ|PREFIX)$ ]]; then
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            fi
            return 0
        fi
    fi

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_entidx_options "$prog" "$cmd" "$sub" | cut -d' ' -f1)" -- "$cur")
        return 0
    fi
    case $cmd in
    gazetteer)
        if [[ $COMP_CWORD -eq $((i + 1)) ]]; then
            mapfile -t COMPREPLY < <(compgen -W "check compile" -- "$cur")
        else
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        ;;
    lookup) ;; # names, not files
    index | tag)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        ;;
    *) # an index file first (*.idx or a directory), then free arguments
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X '!*.idx' -- "$cur")
        ;;
    esac
    return 0
}

complete -F _entidx entidx
