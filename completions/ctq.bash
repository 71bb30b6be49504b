# bash completion for ctq, the jq-compatible filter for AWS CloudTrail logs.
_ctq() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        -f|--from-file|--slurpfile|--rawfile)
            [[ $prev == --slurpfile || $prev == --rawfile ]] && return 0  # a name comes first
            COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        -L|--library-path)
            COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
        --indent)
            COMPREPLY=($(compgen -W "0 1 2 3 4 5 6 7" -- "$cur")); return 0 ;;
        --hunt)
            COMPREPLY=($(compgen -W "$(ctq --list-hunts 2>/dev/null | awk '/^[a-z]/ {print $1}') all" -- "$cur")); return 0 ;;
        --expect)
            COMPREPLY=($(compgen -W "none some" -- "$cur")); return 0 ;;
        --report)
            COMPREPLY=($(compgen -W "junit= sarif=" -- "$cur")); return 0 ;;
        --help-module)
            COMPREPLY=($(compgen -W "cloudtrail" -- "$cur")); return 0 ;;
        --threads)
            COMPREPLY=($(compgen -W "1 2 4 8 16" -- "$cur")); return 0 ;;
        --memory-limit)
            COMPREPLY=($(compgen -W "512M 1G 4G none" -- "$cur")); return 0 ;;
        --ranges)
            COMPREPLY=($(compgen -W "64M 256M 1G" -- "$cur")); return 0 ;;
        --range)
            return 0 ;;
        --timeline)
            # BUCKET is optional: offered, and files too.
            COMPREPLY=($(compgen -W "minute hour day" -- "$cur") $(compgen -f -- "$cur")); return 0 ;;
        --by)
            COMPREPLY=($(compgen -W ".userIdentity.arn .sourceIPAddress .eventName .eventSource .awsRegion .errorCode" -- "$cur")); return 0 ;;
        --top)
            COMPREPLY=($(compgen -W "5 10 20 50" -- "$cur")); return 0 ;;
        --range-report)
            COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        --since|--until|--arg|--argjson|--hunt-ip)
            return 0 ;;
    esac
    # The file argument of --slurpfile/--rawfile follows the variable name.
    if [[ $COMP_CWORD -ge 2 ]]; then
        case ${COMP_WORDS[COMP_CWORD-2]} in
            --slurpfile|--rawfile) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
            --arg|--argjson) return 0 ;;
        esac
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "-i --interactive -n --null-input -R --raw-input -s --slurp -c --compact-output
            -r --raw-output --raw-output0 -j --join-output -a --ascii-output -S --sort-keys
            -C --color-output -M --monochrome-output --tab --indent --seq --records
            --include-digests --since --until --threads --no-progress --memory-limit --table --no-trunc --explain --no-hints
            --list-hunts --hunt --hunt-ip --expect -q --quiet --report --ranges --range --range-report --summary --timeline --by --top --help-module -f --from-file -L --library-path --arg
            --argjson --slurpfile --rawfile --args --jsonargs -e --exit-status -V --version
            -h --help" -- "$cur"))
        return 0
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -o bashdefault -F _ctq ctq
