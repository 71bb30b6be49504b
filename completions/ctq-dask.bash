# bash completion for ctq-dask: its own options, then ctq's (completions/ctq.bash, installed
# beside this file as "ctq").
declare -F _ctq > /dev/null || . "${BASH_SOURCE[0]%/*}/ctq" 2> /dev/null
_ctq_dask() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
        --scheduler|--ctq|--worker-ctq)  # an address, a scheduler file, a binary
            COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
        --local|--shard-files|--retries)
            COMPREPLY=($(compgen -W "1 2 4 8 16" -- "$cur")); return 0 ;;
        --shard-size|--buffer)
            COMPREPLY=($(compgen -W "16M 64M 256M 1G" -- "$cur")); return 0 ;;
        --task-timeout|--connect-timeout|--reduce)
            return 0 ;;
    esac
    declare -F _ctq > /dev/null && _ctq "$@"
    if [[ $cur == -* ]]; then
        COMPREPLY+=($(compgen -W "--scheduler --local --reduce --ship --shard-size --shard-files
            --task-timeout --retries --buffer --connect-timeout --ctq --worker-ctq --list-shards"
            -- "$cur"))
    fi
    return 0
}
complete -o filenames -o bashdefault -F _ctq_dask ctq-dask
