namespace Hermes.Slack.Api;

/// <summary>
/// A Web API call that Slack answered with <c>ok: false</c> (or that could not be completed): the method, Slack's error
/// code, and whether retrying can ever help.
/// </summary>
public sealed class SlackApiException(string method, string error, bool permanent, string? detail = null)
    : Exception($"Slack {method}: {error}{(detail is null ? "" : $" ({detail})")}")
{
    /// <summary>Errors that mean the request itself is wrong for this workspace: retrying sends the same wrong request.</summary>
    public static readonly IReadOnlySet<string> PermanentErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel_not_found", "is_archived", "not_in_channel", "user_not_found", "users_not_found", "invalid_auth", "not_authed",
        "account_inactive", "token_revoked", "token_expired", "missing_scope", "no_permission", "invalid_blocks",
        "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "no_text", "cant_update_message", "message_not_found",
        "edit_window_closed", "name_taken", "invalid_name", "invalid_name_specials", "invalid_name_maxlength", "invalid_name_required",
        "cant_invite_self", "cant_invite", "already_in_channel", "user_is_restricted", "restricted_action", "invalid_arguments",
        "invalid_arg_name", "invalid_array_arg", "invalid_charset", "invalid_form_data", "invalid_post_type", "missing_post_type",
        "no_such_subteam", "team_access_not_granted", "ekm_access_denied", "method_deprecated", "deprecated_endpoint",
        "not_allowed_token_type", "two_factor_setup_required", "cannot_dm_bot", "user_disabled",
    };

    public string Method { get; } = method;

    public string Error { get; } = error;

    public bool Permanent { get; } = permanent;

    public static SlackApiException From(string method, string error, string? detail = null) =>
        new(method, error, PermanentErrors.Contains(error), detail);
}
