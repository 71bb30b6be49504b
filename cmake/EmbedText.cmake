# embed_text(VAR INPUTS OUTPUT): turns text files (a ;-list, concatenated in
# order) into a C++ raw string literal that can be #included, regenerated
# whenever any of them changes.
function(embed_text var inputs output)
  string(REPLACE ";" "|" joined "${inputs}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} "-DINPUTS=${joined}" -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedTextRun.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/EmbedTextRun.cmake
    COMMENT "Embedding the jq prelude"
    VERBATIM)
  set(${var} ${output} PARENT_SCOPE)
endfunction()
