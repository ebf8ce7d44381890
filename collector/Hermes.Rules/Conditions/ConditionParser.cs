namespace Hermes.Rules.Conditions;

/// <summary>
/// Parses a Falco condition into an AST with libsinsp's grammar and lexing rules. Recursive descent, one method
/// per production; errors are <see cref="ConditionSyntaxException"/>s with the offset where parsing stopped.
/// </summary>
/// <remarks>
/// <code>
/// Productions (EBNF):
///   Expr              ::= OrExpr
///   OrExpr            ::= AndExpr ('or' OrTail)*
///   OrTail            ::= Blank AndExpr | '(' Expr ')' AndRest
///   AndExpr           ::= NotExpr ('and' AndTail)*
///   AndTail           ::= Blank NotExpr | '(' Expr ')'
///   NotExpr           ::= ('not' Blank)* NotTail
///   NotTail           ::= 'not(' Expr ')' | Check
///   Check             ::= Field Condition | Transformer Condition | Identifier | '(' Expr ')'
///   Transformer       ::= TransformerName '(' TransformerArg (',' TransformerArg)* ')'
///   TransformerArg    ::= Transformer | Field | QuotedStr | NumValue | ArgumentList
///   ArgumentList      ::= '(' ((Field | Transformer | QuotedStr | NumValue) (',' …)*)? ')'
///   Condition         ::= UnaryOperator
///                       | NumOperator (NumValue | ValOrTransformer)
///                       | StrOperator (StrValue | ValOrTransformer)
///                       | StrOperator Modifier ListValue
///                       | ListOperator (ListValue | ValOrTransformer)
///   ValOrTransformer  ::= 'val(' Field ')' | Transformer
///   ListValue         ::= '(' (StrValue (',' StrValue)*)? ')' | Identifier
///   Field             ::= FieldName ('[' FieldArg ']')?
///   FieldArg          ::= QuotedStr | FieldArgBareStr
///   NumValue          ::= HexNumber | Number
///   StrValue          ::= QuotedStr | BareStr
///
/// Operators (the word operators that are followed by a value need a blank after them; symbols do not):
///   UnaryOperator     ::= 'exists'
///   NumOperator       ::= '&lt;=' | '&lt;' | '&gt;=' | '&gt;'
///   StrOperator       ::= '==' | '=' | '!=' | 'glob ' | 'iglob ' | 'contains ' | 'icontains ' | 'bcontains '
///                       | 'startswith ' | 'bstartswith ' | 'endswith ' | 'regex '
///   Modifier          ::= 'oneof ' | 'anyof ' | 'allof '   (exactly one / at least one / every list value)
///   ListOperator      ::= 'intersects' | 'in' | 'pmatch'
///   TransformerName   ::= 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt'
///
/// Tokens:
///   Identifier        ::= [a-zA-Z]+[a-zA-Z0-9_]*
///   FieldName         ::= [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
///   FieldArgBareStr   ::= [^ \b\t\n\r\[\]"']+
///   HexNumber         ::= 0[xX][0-9a-zA-Z]+
///   Number            ::= [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
///   QuotedStr         ::= "(?:\\"|.)*?"|'(?:\\'|.)*?'
///   BareStr           ::= [^ \b\t\n\r\(\),="']+
///   Blank             ::= [ \t\n\r\b]+
/// </code>
/// </remarks>
public sealed class ConditionParser
{
    private const int MaxDepth = 100;

    private static readonly string[] NumOperators = ["<=", "<", ">=", ">"];
    private static readonly string[] SymbolStrOperators = ["==", "=", "!="];
    private static readonly string[] WordStrOperators =
        ["glob", "iglob", "contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith", "regex"];
    private static readonly string[] ListOperators = ["intersects", "in", "pmatch"];

    /// <summary>Transformers that take fields and yield a new value.</summary>
    public static readonly IReadOnlyList<string> Transformers = ["tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"];

    /// <summary>Modifiers that apply a string operator to every value of a list.</summary>
    public static readonly IReadOnlyList<string> Modifiers = ["oneof", "anyof", "allof"];

    /// <summary>Every operator the language has, for documentation and error messages.</summary>
    public static readonly IReadOnlyList<string> Operators =
        ["exists", .. NumOperators, .. SymbolStrOperators, .. WordStrOperators, .. ListOperators];

    private readonly string _text;
    private int _pos;
    private int _depth;

    private ConditionParser(string text) => _text = text;

    /// <summary>Parses a whole condition; throws <see cref="ConditionSyntaxException"/> on bad syntax.</summary>
    public static Expr Parse(string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var parser = new ConditionParser(condition);
        parser.SkipBlanks();
        if (parser.AtEnd) throw new ConditionSyntaxException("empty condition", 0);
        var expr = parser.ParseOr();
        parser.SkipBlanks();
        if (!parser.AtEnd)
            throw new ConditionSyntaxException($"unexpected token after '{parser.LastTokenBefore()}': '{parser.Rest(20)}'", parser._pos);
        return expr;
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r' or '\b';

    private bool SkipBlanks()
    {
        var start = _pos;
        while (!AtEnd && IsBlank(_text[_pos])) _pos++;
        return _pos > start;
    }

    private Expr ParseOr()
    {
        Enter();
        var start = _pos;
        var children = new List<Expr> { ParseAnd() };
        while (TryKeyword("or"))
            children.Add(ParseAnd());
        Leave();
        return children.Count == 1 ? children[0] : new OrExpr(children, start);
    }

    private Expr ParseAnd()
    {
        Enter();
        var start = _pos;
        var children = new List<Expr> { ParseNot() };
        while (TryKeyword("and"))
            children.Add(ParseNot());
        Leave();
        return children.Count == 1 ? children[0] : new AndExpr(children, start);
    }

    // A boolean keyword must be followed by a blank or an opening parenthesis ("a andb" is not "a and b").
    private bool TryKeyword(string keyword)
    {
        var save = _pos;
        SkipBlanks();
        if (MatchesAt(_pos, keyword) && (IsBlank(Peek(keyword.Length)) || Peek(keyword.Length) == '('))
        {
            _pos += keyword.Length;
            SkipBlanks();
            return true;
        }
        _pos = save;
        return false;
    }

    private Expr ParseNot()
    {
        Enter();
        SkipBlanks();
        var start = _pos;
        if (MatchesAt(_pos, "not") && (IsBlank(Peek(3)) || Peek(3) == '('))
        {
            _pos += 3;
            SkipBlanks();
            var child = ParseNot();
            Leave();
            return new NotExpr(child, start);
        }
        var check = ParseCheck();
        Leave();
        return check;
    }

    private Expr ParseCheck()
    {
        SkipBlanks();
        var start = _pos;
        if (Peek() == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipBlanks();
            if (!TryChar(')'))
            {
                // Point at the '(' that is never closed: that is where the fix goes, not the end of the text.
                if (AtEnd) throw new ConditionSyntaxException("unbalanced parenthesis: this '(' is never closed", start);
                throw new ConditionSyntaxException($"expected ')' or a boolean operator, found '{Rest(20)}'", _pos);
            }
            return inner;
        }

        if (TryTransformer(out var transformer))
            return ParseCondition(transformer, start);

        var word = LexWord();
        if (word.Length == 0)
            throw new ConditionSyntaxException($"expected a field, a transformer, a macro name or '(', found '{Rest(20)}'", start);
        if (!word.Contains('.', StringComparison.Ordinal))
            return new MacroRefExpr(word, start);

        var argument = TryFieldArgument();
        return ParseCondition(new FieldExpr(word, argument, start), start);
    }

    private bool TryTransformer(out Operand transformer)
    {
        transformer = null!;
        var start = _pos;
        foreach (var name in Transformers)
        {
            if (!MatchesAt(_pos, name) || Peek(name.Length) != '(') continue;
            _pos += name.Length + 1;
            var arguments = new List<Expr>();
            do
            {
                SkipBlanks();
                arguments.Add(ParseTransformerArgument());
                SkipBlanks();
            }
            while (TryChar(','));
            Expect(')', $"expected ')' to close {name}(");
            transformer = new TransformerExpr(name, arguments, start);
            return true;
        }
        return false;
    }

    private Expr ParseTransformerArgument(bool allowList = true)
    {
        var start = _pos;
        if (TryTransformer(out var nested)) return nested;
        if (Peek() is '"' or '\'') return new ValueExpr(LexQuoted(), true, start);
        if (char.IsAsciiDigit(Peek()) || (Peek() is '+' or '-' && char.IsAsciiDigit(Peek(1)))) return LexNumber();
        if (Peek() == '(' && allowList)
        {
            _pos++;
            var items = new List<Expr>();
            SkipBlanks();
            if (TryChar(')')) return new ArgumentListExpr(items, start);
            while (true)
            {
                SkipBlanks();
                items.Add(ParseTransformerArgument(allowList: false));
                SkipBlanks();
                if (TryChar(')')) return new ArgumentListExpr(items, start);
                Expect(',', "expected ',' or ')' in the argument list");
            }
        }
        var word = LexWord();
        if (word.Length == 0 || !word.Contains('.', StringComparison.Ordinal))
            throw new ConditionSyntaxException($"expected a field, a transformer, a quoted string, a number or a list, found '{Rest(20)}'", start);
        return new FieldExpr(word, TryFieldArgument(), start);
    }

    // FieldName or Identifier: letters, digits and underscores, with dot-separated segments each starting with a letter.
    private string LexWord()
    {
        var start = _pos;
        while (true)
        {
            if (!char.IsAsciiLetter(Peek())) break;
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_') _pos++;
            if (Peek() == '.' && char.IsAsciiLetter(Peek(1))) { _pos++; continue; }
            break;
        }
        return _text[start.._pos];
    }

    private string? TryFieldArgument()
    {
        if (Peek() != '[') return null;
        var start = _pos;
        _pos++;
        string argument;
        if (Peek() is '"' or '\'')
        {
            argument = LexQuoted();
        }
        else
        {
            var argStart = _pos;
            while (!AtEnd && !IsBlank(Peek()) && Peek() is not ('[' or ']' or '"' or '\'')) _pos++;
            if (_pos == argStart) throw new ConditionSyntaxException("expected a field argument inside '[]'", _pos);
            argument = _text[argStart.._pos];
        }
        Expect(']', $"expected ']' to close the field argument opened at offset {start}");
        return argument;
    }

    private Expr ParseCondition(Operand left, int start)
    {
        SkipBlanks();
        var opStart = _pos;
        if (MatchesAt(_pos, "exists"))
        {
            _pos += 6;
            return new CheckExpr(left, "exists", null, start);
        }

        foreach (var op in NumOperators)
        {
            if (!MatchesAt(_pos, op)) continue;
            _pos += op.Length;
            SkipBlanks();
            return new CheckExpr(left, op, (Expr?)TryValOrTransformer() ?? LexNumber(), start);
        }

        foreach (var op in SymbolStrOperators)
        {
            if (!MatchesAt(_pos, op)) continue;
            _pos += op.Length;
            var blank = SkipBlanks();
            if (blank && TryModifier(out var modifier)) return new CheckExpr(left, op, LexListValue(), start, modifier);
            return new CheckExpr(left, op, (Expr?)TryValOrTransformer() ?? LexStringValue(), start);
        }

        foreach (var op in WordStrOperators)
        {
            if (!MatchesAt(_pos, op) || !IsBlank(Peek(op.Length))) continue;
            _pos += op.Length;
            SkipBlanks();
            if (TryModifier(out var modifier)) return new CheckExpr(left, op, LexListValue(), start, modifier);
            return new CheckExpr(left, op, (Expr?)TryValOrTransformer() ?? LexStringValue(), start);
        }

        foreach (var op in ListOperators)
        {
            if (!MatchesAt(_pos, op) || IsWordChar(Peek(op.Length))) continue;
            _pos += op.Length;
            SkipBlanks();
            return new CheckExpr(left, op, (Expr?)TryValOrTransformer() ?? LexListValue(), start);
        }

        var what = left is FieldExpr f ? $"field '{f.Text}'" : "transformer";
        throw new ConditionSyntaxException(
            AtEnd ? $"expected an operator after {what}" : $"expected a valid operator after {what}, found '{Rest(20)}'", opStart);
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // "oneof ", "anyof ", "allof " followed by a list or a list name, and not by a boolean keyword: otherwise the
    // word is an ordinary value ("proc.name = oneof" compares with the string "oneof").
    private bool TryModifier(out string modifier)
    {
        modifier = string.Empty;
        foreach (var candidate in Modifiers)
        {
            if (!MatchesAt(_pos, candidate) || !IsBlank(Peek(candidate.Length))) continue;
            var save = _pos;
            _pos += candidate.Length;
            SkipBlanks();
            var listFollows = Peek() == '(' || (char.IsAsciiLetter(Peek()) && !KeywordFollows());
            if (listFollows)
            {
                modifier = candidate;
                return true;
            }
            _pos = save;
        }
        return false;
    }

    private bool KeywordFollows()
    {
        foreach (var keyword in new[] { "and", "or", "not" })
            if (MatchesAt(_pos, keyword) && !char.IsAsciiLetterOrDigit(Peek(keyword.Length))) return true;
        return false;
    }

    private Operand? TryValOrTransformer()
    {
        var start = _pos;
        if (MatchesAt(_pos, "val("))
        {
            _pos += 4;
            SkipBlanks();
            var fieldStart = _pos;
            var word = LexWord();
            if (!word.Contains('.', StringComparison.Ordinal))
                throw new ConditionSyntaxException("expected a field inside val(...)", fieldStart);
            var field = new FieldExpr(word, TryFieldArgument(), fieldStart);
            SkipBlanks();
            Expect(')', "expected ')' to close val(");
            return new TransformerExpr("val", [field], start);
        }
        return TryTransformer(out var transformer) ? transformer : null;
    }

    private ValueExpr LexNumber()
    {
        var start = _pos;
        if (Peek() == '0' && Peek(1) is 'x' or 'X')
        {
            _pos += 2;
            while (char.IsAsciiLetterOrDigit(Peek())) _pos++;
            if (_pos == start + 2) throw new ConditionSyntaxException("expected hex digits after 0x", _pos);
            return new ValueExpr(_text[start.._pos], false, start);
        }
        if (Peek() is '+' or '-') _pos++;
        var digits = _pos;
        while (char.IsAsciiDigit(Peek())) _pos++;
        if (_pos == digits)
        {
            _pos = start;
            throw new ConditionSyntaxException(AtEnd ? "expected a number" : $"expected a number, found '{Rest(20)}'", start);
        }
        if (Peek() == '.') { _pos++; while (char.IsAsciiDigit(Peek())) _pos++; }
        if (Peek() is 'e' or 'E' && Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))
        {
            _pos += 2;
            while (char.IsAsciiDigit(Peek())) _pos++;
        }
        return new ValueExpr(_text[start.._pos], false, start);
    }

    private ValueExpr LexStringValue()
    {
        var start = _pos;
        if (Peek() is '"' or '\'') return new ValueExpr(LexQuoted(), true, start);
        while (!AtEnd && !IsBlank(Peek()) && Peek() is not ('(' or ')' or ',' or '=' or '"' or '\'')) _pos++;
        if (_pos == start)
            throw new ConditionSyntaxException(AtEnd ? "expected a value" : $"expected a value, found '{Rest(20)}'", start);
        return new ValueExpr(_text[start.._pos], false, start);
    }

    private Expr LexListValue()
    {
        var start = _pos;
        if (Peek() != '(')
        {
            var name = LexWord();
            if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal))
                throw new ConditionSyntaxException(AtEnd ? "expected a list" : $"expected a list, found '{Rest(20)}'", start);
            return new ListExpr([new ValueExpr(name, false, start)], start);
        }
        _pos++;
        var items = new List<ValueExpr>();
        SkipBlanks();
        if (TryChar(')')) return new ListExpr(items, start);
        while (true)
        {
            SkipBlanks();
            items.Add(LexStringValue());
            SkipBlanks();
            if (TryChar(')')) return new ListExpr(items, start);
            Expect(',', "expected ',' or ')' in list");
        }
    }

    // A quoted string ends at the first quote not preceded by a backslash (libsinsp's QuotedStr token); its
    // body is then unescaped: \b \f \n \r \t \\ \/ \xHH, and \" or \' for the string's own quote only.
    private string LexQuoted()
    {
        var start = _pos;
        var quote = _text[_pos++];
        var bodyStart = _pos;
        while (!AtEnd)
        {
            if (_text[_pos] == '\\' && Peek(1) == quote)
            {
                _pos += 2;
                continue;
            }
            if (_text[_pos] == quote)
            {
                var body = _text[bodyStart.._pos];
                _pos++;
                return Unescape(body, quote, bodyStart);
            }
            _pos++;
        }
        throw new ConditionSyntaxException($"unterminated quoted string starting with {quote}", start);
    }

    private static string Unescape(string body, char quote, int offset)
    {
        if (!body.Contains('\\', StringComparison.Ordinal)) return body;
        var value = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                value.Append(body[i]);
                continue;
            }
            if (++i >= body.Length) throw new ConditionSyntaxException("unsupported string escape sequence at the end of the string", offset + i);
            switch (body[i])
            {
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                // libsinsp reads "\ " as a backslash (rules in the wild rely on it).
                case ' ' or '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case '"' or '\'' when body[i] == quote: value.Append(body[i]); break;
                case '"' or '\'':
                    throw new ConditionSyntaxException($"invalid \\{body[i]} escape in a {quote}-quoted string", offset + i - 1);
                case 'x':
                    if (i + 2 > body.Length - 1)
                        throw new ConditionSyntaxException("truncated hex char escape sequence", offset + i - 1);
                    if (!byte.TryParse(body.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code))
                        throw new ConditionSyntaxException($"invalid hex char escape sequence: {body.Substring(i + 1, 2)}", offset + i - 1);
                    value.Append((char)code);
                    i += 2;
                    break;
                default:
                    throw new ConditionSyntaxException($"unsupported string escape sequence: \\{body[i]}", offset + i - 1);
            }
        }
        return value.ToString();
    }

    private bool TryChar(char c)
    {
        if (Peek() != c || AtEnd) return false;
        _pos++;
        return true;
    }

    private void Expect(char c, string message)
    {
        if (!TryChar(c)) throw new ConditionSyntaxException(AtEnd ? message + ", found end of condition" : message, _pos);
    }

    private bool MatchesAt(int index, string token) =>
        index + token.Length <= _text.Length && string.CompareOrdinal(_text, index, token, 0, token.Length) == 0;

    private void Enter()
    {
        if (++_depth > MaxDepth) throw new ConditionSyntaxException($"condition nests deeper than {MaxDepth} levels", _pos);
    }

    private void Leave() => _depth--;

    private string Rest(int max) => _text.Length - _pos <= max ? _text[_pos..] : _text.Substring(_pos, max) + "…";

    private string LastTokenBefore()
    {
        var end = _pos;
        while (end > 0 && IsBlank(_text[end - 1])) end--;
        var begin = end;
        while (begin > 0 && !IsBlank(_text[begin - 1])) begin--;
        return _text[begin..end];
    }
}
