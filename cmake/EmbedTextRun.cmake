# Script half of embed_text(): writes INPUT's bytes as a raw string literal to OUTPUT.
file(READ ${INPUT} content)
string(FIND "${content}" ")jq\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )jq\"")
endif()
file(WRITE ${OUTPUT} "R\"jq(${content})jq\"\n")
