/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef LEX_H
#define LEX_H

#include <stddef.h>

#include "buf.h"

/*
 * Tokens of the expression language.  Strings are not single tokens:
 * the parser reads them piecewise with lex_string_part so that
 * interpolations "\(...)" can hold whole expressions.
 */
enum token {
	T_EOF,
	T_ERROR,
	T_IDENT,
	T_FIELD,
	T_VAR,
	T_NUMBER,
	T_QUOTE,
	T_FORMAT,
	T_DOT,
	T_DOTDOT,
	T_LBRACKET,
	T_RBRACKET,
	T_LBRACE,
	T_RBRACE,
	T_LPAREN,
	T_RPAREN,
	T_PIPE,
	T_COMMA,
	T_COLON,
	T_SEMI,
	T_QUESTION,
	T_ASSIGN,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_PERCENT,
	T_ALT,
	T_SETPIPE,
	T_SETPLUS,
	T_SETMINUS,
	T_SETSTAR,
	T_SETSLASH,
	T_SETPERCENT,
	T_SETALT,
	/* keywords */
	T_IF,
	T_THEN,
	T_ELIF,
	T_ELSE,
	T_END,
	T_AS,
	T_DEF,
	T_REDUCE,
	T_FOREACH,
	T_TRY,
	T_CATCH,
	T_AND,
	T_OR,
	T_LABEL
};

struct lexer {
	const char *src;
	size_t len;
	size_t pos;	   /* next byte to read */
	enum token tok;	   /* current token */
	size_t start, end; /* its extent in src */
	struct buf text;   /* identifier, field or variable name */
	double number;
	int integral; /* the number had no fraction or exponent */
	const char *error;
};

void lex_init(struct lexer *lx, const char *src);
enum token lex_next(struct lexer *lx);

enum string_part { STR_TEXT_END, STR_TEXT_INTERP, STR_BAD };

/*
 * Reads string text from lx->pos (just after a quote, or just after the
 * ')' closing an interpolation) into out, decoding escapes.  Returns
 * STR_TEXT_END at the closing quote, STR_TEXT_INTERP at "\(", STR_BAD
 * with lx->error and lx->start set.
 */
enum string_part lex_string_part(struct lexer *lx, struct buf *out);

void lex_free(struct lexer *lx);

#endif
