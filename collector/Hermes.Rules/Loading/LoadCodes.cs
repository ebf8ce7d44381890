namespace Hermes.Rules.Loading;

/// <summary>The codes of load problems: Falco's own names, so people can search for them.</summary>
public static class LoadCodes
{
    /// <summary>A file could not be read.</summary>
    public const string FileRead = "LOAD_ERR_FILE_READ";
    /// <summary>Not valid YAML.</summary>
    public const string YamlParse = "LOAD_ERR_YAML_PARSE";
    /// <summary>Valid YAML that is not a valid rules file (wrong shapes, missing keys, bad values).</summary>
    public const string YamlValidate = "LOAD_ERR_YAML_VALIDATE";
    /// <summary>A condition that does not parse or compile.</summary>
    public const string CompileCondition = "LOAD_ERR_COMPILE_CONDITION";
    /// <summary>An output format that does not compile.</summary>
    public const string CompileOutput = "LOAD_ERR_COMPILE_OUTPUT";
    /// <summary>Semantically invalid: appending to nothing, bad priority, version mismatch, ...</summary>
    public const string Validate = "LOAD_ERR_VALIDATE";
    /// <summary>A required plugin that this engine does not provide.</summary>
    public const string Extension = "LOAD_ERR_EXTENSION";

    /// <summary>Warning: a rule for an event source this engine does not evaluate.</summary>
    public const string UnknownSource = "LOAD_UNKNOWN_SOURCE";
    /// <summary>Warning: a rule that does not restrict evt.type, so it runs for every event.</summary>
    public const string NoEventType = "LOAD_NO_EVTTYPE";
    /// <summary>Warning: a rule skipped because it uses a field this engine does not know (skip-if-unknown-filter).</summary>
    public const string UnknownFilter = "LOAD_UNKNOWN_FILTER";
    /// <summary>Warning: a macro no rule uses.</summary>
    public const string UnusedMacro = "LOAD_UNUSED_MACRO";
    /// <summary>Warning: a list nothing uses.</summary>
    public const string UnusedList = "LOAD_UNUSED_LIST";
    /// <summary>Warning: an unknown top-level item or key.</summary>
    public const string UnknownItem = "LOAD_UNKNOWN_ITEM";
    /// <summary>Warning: a deprecated construct (legacy append).</summary>
    public const string DeprecatedItem = "LOAD_DEPRECATED_ITEM";
    /// <summary>Warning: an append or override that adds nothing.</summary>
    public const string AppendNoValues = "LOAD_APPEND_NO_VALUES";
    /// <summary>Warning: two exceptions of a rule with the same name.</summary>
    public const string ExceptionNameNotUnique = "LOAD_EXCEPTION_NAME_NOT_UNIQUE";
    /// <summary>Warning: a macro name that could never be referenced from a condition.</summary>
    public const string InvalidMacroName = "LOAD_INVALID_MACRO_NAME";
    /// <summary>Warning: a list name that could never be referenced from a condition.</summary>
    public const string InvalidListName = "LOAD_INVALID_LIST_NAME";
}
