# embed_text(VAR INPUT OUTPUT): turns a text file into a C++ raw string literal
# that can be #included, regenerated whenever the text changes.
function(embed_text var input output)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedTextRun.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/EmbedTextRun.cmake
    COMMENT "Embedding ${input}")
  set(${var} ${output} PARENT_SCOPE)
endfunction()
