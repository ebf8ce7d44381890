namespace Hermes.Bot.Conversation;

/// <summary>What a transition asks the world to do, after the case row is committed.</summary>
public static class EffectKind
{
    public const string ResolveOwner = "resolve_owner";
    public const string Ask = "ask";
    public const string Remind = "remind";
    public const string UpdateQuestion = "update_question";
    public const string Notify = "notify";
    public const string Escalate = "escalate";
    public const string PostToIncident = "post_to_incident";
    public const string ScheduleTimer = "schedule_timer";
    public const string CancelTimers = "cancel_timers";
    public const string Quiet = "quiet";
    public const string ResolvePage = "resolve_page";

    /// <summary>Effects that reach people; a dry-run playbook records them without sending.</summary>
    public static bool IsExternal(string kind) => kind is Ask or Remind or UpdateQuestion or Notify or Escalate or PostToIncident or Quiet or ResolvePage;
}
