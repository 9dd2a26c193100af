/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "utf8.h"

static const struct {
	const char *word;
	enum token tok;
} keywords[] = {
	{ "and", T_AND },
	{ "as", T_AS },
	{ "catch", T_CATCH },
	{ "def", T_DEF },
	{ "elif", T_ELIF },
	{ "else", T_ELSE },
	{ "end", T_END },
	{ "foreach", T_FOREACH },
	{ "if", T_IF },
	{ "label", T_LABEL },
	{ "or", T_OR },
	{ "reduce", T_REDUCE },
	{ "then", T_THEN },
	{ "try", T_TRY },
};

/* Longest operators first so that "//=" wins over "//" and "/". */
static const struct {
	const char *op;
	enum token tok;
} operators[] = {
	{ "//=", T_SETALT },
	{ "|=", T_SETPIPE },
	{ "+=", T_SETPLUS },
	{ "-=", T_SETMINUS },
	{ "*=", T_SETSTAR },
	{ "/=", T_SETSLASH },
	{ "%=", T_SETPERCENT },
	{ "==", T_EQ },
	{ "!=", T_NE },
	{ "<=", T_LE },
	{ ">=", T_GE },
	{ "//", T_ALT },
	{ "..", T_DOTDOT },
	{ ".", T_DOT },
	{ "[", T_LBRACKET },
	{ "]", T_RBRACKET },
	{ "{", T_LBRACE },
	{ "}", T_RBRACE },
	{ "(", T_LPAREN },
	{ ")", T_RPAREN },
	{ "|", T_PIPE },
	{ ",", T_COMMA },
	{ ":", T_COLON },
	{ ";", T_SEMI },
	{ "?", T_QUESTION },
	{ "=", T_ASSIGN },
	{ "<", T_LT },
	{ ">", T_GT },
	{ "+", T_PLUS },
	{ "-", T_MINUS },
	{ "*", T_STAR },
	{ "/", T_SLASH },
	{ "%", T_PERCENT },
	{ "\"", T_QUOTE },
};

void
lex_init(struct lexer *lx, const char *src)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->len = strlen(src);
}

void
lex_free(struct lexer *lx)
{
	buf_free(&lx->text);
}

static int
is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_ident(int c)
{
	return isalnum(c) || c == '_';
}

static void
skip_space(struct lexer *lx)
{
	for (;;) {
		while (lx->pos < lx->len &&
		    isspace((unsigned char)lx->src[lx->pos]))
			lx->pos++;
		if (lx->pos >= lx->len || lx->src[lx->pos] != '#')
			return;
		while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
			lx->pos++;
	}
}

/* Reads [a-zA-Z_][a-zA-Z0-9_]* (and jq's "::" module separators) into text. */
static void
read_name(struct lexer *lx)
{
	size_t s = lx->pos;

	while (lx->pos < lx->len &&
	    (is_ident((unsigned char)lx->src[lx->pos]) ||
		(lx->src[lx->pos] == ':' && lx->pos + 1 < lx->len &&
		    lx->src[lx->pos + 1] == ':')))
		lx->pos += lx->src[lx->pos] == ':' ? 2 : 1;
	buf_reset(&lx->text);
	buf_add(&lx->text, lx->src + s, lx->pos - s);
}

static enum token
read_number(struct lexer *lx)
{
	const char *p = lx->src + lx->pos;
	char *end;
	size_t i = 0;

	lx->integral = 1;
	while (isdigit((unsigned char)p[i]))
		i++;
	if (p[i] == '.') {
		lx->integral = 0;
		for (i++; isdigit((unsigned char)p[i]); i++)
			;
	}
	if ((p[i] == 'e' || p[i] == 'E') &&
	    (isdigit((unsigned char)p[i + 1]) ||
		((p[i + 1] == '+' || p[i + 1] == '-') &&
		    isdigit((unsigned char)p[i + 2])))) {
		lx->integral = 0;
		for (i += 2; isdigit((unsigned char)p[i]); i++)
			;
	}
	lx->number = strtod(p, &end);
	buf_reset(&lx->text);
	buf_add(&lx->text, p, i);
	lx->pos += i;
	return T_NUMBER;
}

static enum token
finish(struct lexer *lx, enum token t)
{
	lx->end = lx->pos;
	return lx->tok = t;
}

enum token
lex_next(struct lexer *lx)
{
	const char *p;
	size_t i, n;
	int c;

	skip_space(lx);
	lx->start = lx->pos;
	if (lx->pos >= lx->len)
		return finish(lx, T_EOF);
	p = lx->src + lx->pos;
	c = (unsigned char)*p;
	if (is_ident_start(c)) {
		read_name(lx);
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if (strcmp(lx->text.data, keywords[i].word) == 0)
				return finish(lx, keywords[i].tok);
		return finish(lx, T_IDENT);
	}
	if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1])))
		return finish(lx, read_number(lx));
	if ((c == '.' || c == '$' || c == '@') &&
	    is_ident_start((unsigned char)p[1])) {
		lx->pos++;
		read_name(lx);
		return finish(lx,
		    c == '.'	   ? T_FIELD
			: c == '$' ? T_VAR
				   : T_FORMAT);
	}
	for (i = 0; i < sizeof(operators) / sizeof(operators[0]); i++) {
		n = strlen(operators[i].op);
		if (strncmp(p, operators[i].op, n) == 0) {
			lx->pos += n;
			return finish(lx, operators[i].tok);
		}
	}
	lx->error = "unexpected character";
	lx->pos++;
	return finish(lx, T_ERROR);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the 4 hex digits of a \u escape at lx->pos; -1 when malformed. */
static long
read_hex4(struct lexer *lx)
{
	long v = 0;
	int i, d;

	if (lx->pos + 4 > lx->len)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = hexval((unsigned char)lx->src[lx->pos + i])) < 0)
			return -1;
		v = v * 16 + d;
	}
	lx->pos += 4;
	return v;
}

static int
read_unicode_escape(struct lexer *lx, struct buf *out)
{
	long c = read_hex4(lx), lo;

	if (c < 0)
		return -1;
	if (c >= 0xd800 && c <= 0xdbff && lx->pos + 1 < lx->len &&
	    lx->src[lx->pos] == '\\' && lx->src[lx->pos + 1] == 'u') {
		size_t save = lx->pos;

		lx->pos += 2;
		lo = read_hex4(lx);
		if (lo >= 0xdc00 && lo <= 0xdfff)
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
		else
			lx->pos = save;
	}
	utf8_put(out, (uint32_t)c);
	return 0;
}

enum string_part
lex_string_part(struct lexer *lx, struct buf *out)
{
	const char *esc = "\"\"\\\\//b\bf\fn\nr\rt\t";
	const char *e;
	char c;

	while (lx->pos < lx->len) {
		c = lx->src[lx->pos++];
		if (c == '"')
			return STR_TEXT_END;
		if (c != '\\') {
			buf_addc(out, c);
			continue;
		}
		if (lx->pos >= lx->len)
			break;
		c = lx->src[lx->pos++];
		if (c == '(')
			return STR_TEXT_INTERP;
		if (c == 'u') {
			if (read_unicode_escape(lx, out) < 0) {
				lx->start = lx->pos - 2;
				lx->error = "invalid \\u escape in string";
				return STR_BAD;
			}
			continue;
		}
		for (e = esc; *e != '\0'; e += 2)
			if (*e == c)
				break;
		if (*e == '\0') {
			lx->start = lx->pos - 2;
			lx->error = "invalid escape in string";
			return STR_BAD;
		}
		buf_addc(out, e[1]);
	}
	lx->start = lx->len;
	lx->error = "unterminated string";
	return STR_BAD;
}
