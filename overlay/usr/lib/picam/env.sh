# shellcheck shell=bash
# The picam.env parser shared by apply-config and health-check. Sourced, never run.
#
# Same rules as the app (src/PiCam/Config/DotEnvParser.cs), so the OS and the app read one file alike:
# KEY=VALUE split on the first '='; whole-line comments start with '#' or ';'; blank lines; an optional
# 'export ' prefix; one pair of matching quotes stripped (anything after the closing quote is a comment);
# an unquoted value ends at a '#' that follows white space; keys are case-insensitive; the last one wins;
# CRLF line ends and a UTF-8 byte-order mark are tolerated. A bad line is recorded, never fatal.
# The file is user input: it is parsed here, never sourced.
#
#   picam_env_load FILE       fills PICAM_ENV (KEY -> value); returns 1 when FILE cannot be read
#   picam_env_get KEY [DFLT]  prints the value, or DFLT when the key is absent or blank
#   PICAM_ENV_PROBLEMS        "line N: ..." for lines that were ignored (the app reports these too)

declare -gA PICAM_ENV=()
declare -ga PICAM_ENV_PROBLEMS=()

# Sets REPLY to $1 without leading and trailing white space.
_picam_env_trim() {
	REPLY=$1
	REPLY=${REPLY#"${REPLY%%[![:space:]]*}"}
	REPLY=${REPLY%"${REPLY##*[![:space:]]}"}
}

# Sets REPLY to the value of the text after '=' ($1), as DotEnvParser.Value does.
_picam_env_value() {
	local raw=$1 value quote inner content rest
	_picam_env_trim "$raw"
	value=$REPLY
	if ((${#value} >= 2)) && [[ ${value:0:1} == '"' || ${value:0:1} == "'" ]]; then
		quote=${value:0:1}
		if [[ ${value: -1} == "$quote" ]]; then
			REPLY=${value:1:${#value}-2}
			return
		fi
		inner=${value:1}
		if [[ $inner == *"$quote"* ]]; then
			content=${inner%%"$quote"*}
			_picam_env_trim "${inner#*"$quote"}"
			rest=$REPLY
			if [[ -z $rest || $rest == '#'* ]]; then
				REPLY=$content
				return
			fi
		fi
	fi
	# Unquoted: a comment starts at the first '#' that follows white space.
	_picam_env_trim "${raw%%[[:space:]]#*}"
}

picam_env_load() {
	local file=$1 raw line key number=0
	PICAM_ENV=()
	PICAM_ENV_PROBLEMS=()
	[[ -r $file ]] || return 1
	while IFS= read -r raw || [[ -n $raw ]]; do
		number=$((number + 1))
		line=${raw%$'\r'}
		((number == 1)) && line=${line#$'\xef\xbb\xbf'}
		_picam_env_trim "$line"
		line=$REPLY
		[[ -z $line || $line == '#'* || $line == ';'* ]] && continue
		if [[ $line == 'export '* || $line == $'export\t'* ]]; then
			_picam_env_trim "${line:7}"
			line=$REPLY
		fi
		if [[ $line != *=* ]]; then
			PICAM_ENV_PROBLEMS+=("line $number: '${line:0:40}' is not KEY=VALUE; line ignored")
			continue
		fi
		_picam_env_trim "${line%%=*}"
		key=${REPLY^^}
		if [[ ! $key =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
			PICAM_ENV_PROBLEMS+=("line $number: '${key:0:40}' is not a valid key; line ignored")
			continue
		fi
		_picam_env_value "${line#*=}"
		PICAM_ENV[$key]=$REPLY
	done <"$file"
	return 0
}

picam_env_get() {
	local value=${PICAM_ENV[${1^^}]-}
	_picam_env_trim "$value"
	if [[ -z $REPLY ]]; then
		printf '%s' "${2-}"
	else
		printf '%s' "$value"
	fi
}
