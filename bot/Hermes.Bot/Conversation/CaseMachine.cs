using System.Text.Json;
using System.Text.Json.Nodes;
using Hermes.Bot.Cases;
using Hermes.Bot.Ownership;
using Hermes.Playbooks.Model;
using Stateless;
using Stateless.Graph;

namespace Hermes.Bot.Conversation;

/// <summary>
/// The conversation of one case, as a Stateless machine over the stored row. Transitions only change the row and
/// record effects and timeline entries in a <see cref="TransitionLog"/>; nothing here talks to the outside world,
/// so the caller can save row, effects and timeline in one transaction and run the effects after commit.
/// </summary>
public sealed class CaseMachine
{
    private readonly StateMachine<CaseState, CaseTrigger> _machine;
    private readonly CaseRecord _case;
    private readonly Playbook _playbook;
    private readonly SecurityTeam _security;
    private readonly DateTimeOffset _now;
    private readonly TransitionLog _log;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<OwnershipAnswer> _ownerFound;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<string> _ownerUnknown;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<int> _reminderDue;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<Answer> _confirm;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<Answer> _deny;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<Decision> _resolve;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<Decision> _escalate;
    private readonly StateMachine<CaseState, CaseTrigger>.TriggerWithParameters<string> _suppress;
    private string _actor = "hermes";
    private bool _transitioned;

    public CaseMachine(CaseRecord record, Playbook playbook, SecurityTeam security, DateTimeOffset now, TransitionLog log)
    {
        _case = record;
        _playbook = playbook;
        _security = security;
        _now = now;
        _log = log;
        _machine = new StateMachine<CaseState, CaseTrigger>(() => _case.CaseState, s => _case.CaseState = s);
        _ownerFound = _machine.SetTriggerParameters<OwnershipAnswer>(CaseTrigger.OwnerFound);
        _ownerUnknown = _machine.SetTriggerParameters<string>(CaseTrigger.OwnerUnknown);
        _reminderDue = _machine.SetTriggerParameters<int>(CaseTrigger.ReminderDue);
        _confirm = _machine.SetTriggerParameters<Answer>(CaseTrigger.Confirm);
        _deny = _machine.SetTriggerParameters<Answer>(CaseTrigger.Deny);
        _resolve = _machine.SetTriggerParameters<Decision>(CaseTrigger.Resolve);
        _escalate = _machine.SetTriggerParameters<Decision>(CaseTrigger.Escalate);
        _suppress = _machine.SetTriggerParameters<string>(CaseTrigger.Suppress);
        Configure();
    }

    public CaseState State => _machine.State;

    private long Id => _case.Id;

    private void Configure()
    {
        _machine.OnTransitioned(t =>
        {
            _transitioned = true;
            _log.CaseChanged = true;
            _log.Note(_actor, "transition", Describe(t), t.Source.ToString(), t.Destination.ToString());
        });
        // A timer that fires after the case moved on, or a click on a closed question, is expected: record, don't throw.
        _machine.OnUnhandledTrigger((state, trigger) => _log.Note(_actor, "ignored", $"{trigger} has no effect in {state}"));

        _machine.Configure(CaseState.Open)
            .PermitIf(CaseTrigger.Start, CaseState.ResolvingOwner, () => _playbook.Ask is not null, "playbook asks the owner")
            .PermitIf(CaseTrigger.Start, CaseState.Escalated, () => _playbook.Ask is null && _playbook.EscalateImmediately, "playbook escalates at once")
            .PermitIf(CaseTrigger.Start, CaseState.Notified, () => _playbook.Ask is null && !_playbook.EscalateImmediately, "playbook only notifies")
            .PermitIf(_suppress, CaseState.Suppressed, _ => true, "suppression");

        _machine.Configure(CaseState.ResolvingOwner)
            .OnEntry(() => _log.Effect(EffectKind.ResolveOwner, $"case/{Id}/resolve_owner"), "resolve owner")
            .Permit(CaseTrigger.OwnerFound, CaseState.Asking)
            .Permit(CaseTrigger.OwnerUnknown, CaseState.Escalated)
            .PermitIf(_escalate, CaseState.Escalated, MayEscalate, "owner or security")
            .PermitIf(_suppress, CaseState.Suppressed, _ => true, "suppression");

        _machine.Configure(CaseState.Asking)
            .OnEntryFrom(_ownerFound, (answer, _) => AskOwner(answer), "ask owner, schedule reminder and timeout")
            .PermitIf(_reminderDue, CaseState.Reminding, IsNextReminder, "the next reminder is due")
            .Permit(CaseTrigger.TimeoutDue, CaseState.Escalated)
            .PermitIf(_confirm, CaseState.Confirmed, a => MayAnswer(a) && HasRequiredReason(a), "asked person (or security), reason if required")
            .PermitIf(_deny, CaseState.Escalated, MayAnswer, "asked person (or security)")
            .PermitIf(_escalate, CaseState.Escalated, MayEscalate, "owner or security")
            .PermitIf(_suppress, CaseState.Suppressed, _ => true, "suppression");

        _machine.Configure(CaseState.Reminding)
            .SubstateOf(CaseState.Asking)
            .OnEntryFrom(_reminderDue, (index, _) => Remind(index), "remind, schedule the next")
            .PermitReentryIf(_reminderDue, IsNextReminder, "the next reminder is due");

        _machine.Configure(CaseState.Confirmed)
            .OnEntryFrom(_confirm, (answer, _) => Confirmed(answer), "close question, cancel timers, quiet")
            .InternalTransitionIf(_confirm, MayAnswer, (a, _) => _log.Note(a.Actor, "duplicate_answer", "yes again; the case is already confirmed"), "repeated yes: noted")
            // "No" after "yes" (a mis-click, or second thoughts) is taken seriously: it escalates.
            .PermitIf(_deny, CaseState.Escalated, MayAnswer, "asked person changes the answer to no")
            .PermitIf(_escalate, CaseState.Escalated, MayEscalate, "owner or security");

        _machine.Configure(CaseState.Escalated)
            .OnEntryFrom(CaseTrigger.Start, () => Escalated("playbook", "the playbook escalates this finding at once"), "escalate")
            .OnEntryFrom(_ownerUnknown, (why, _) => Escalated("unowned", $"no owner found: {why}"), "escalate to triage")
            .OnEntryFrom(CaseTrigger.TimeoutDue, () => Escalated("timed_out", $"no answer within {Hermes.Playbooks.Loading.Durations.Format(_playbook.Ask!.Timeout)}"), "escalate")
            .OnEntryFrom(_escalate, (d, _) => Escalated("manual", $"{d.Actor} escalated it: {d.Reason}"), "escalate")
            .OnEntryFrom(_deny, (answer, _) => Escalated("denied", $"{answer.Actor} answered no{(answer.Reason is { Length: > 0 } r ? $": {r}" : "")}"), "escalate")
            .InternalTransitionIf(_confirm, MayAnswer, (a, _) => LateAnswer(a), "late answer: recorded, posted to incident")
            .InternalTransitionIf(_deny, MayAnswer, (a, _) => LateAnswer(a), "late answer: recorded, posted to incident")
            .PermitIf(_resolve, CaseState.Resolved, d => _security.IsMember(d.Actor), "security team member");

        _machine.Configure(CaseState.Resolved)
            .OnEntryFrom(_resolve, (d, _) =>
            {
                _log.Note(d.Actor, "resolution", d.Reason);
                _log.Effect(EffectKind.PostToIncident, $"case/{Id}/resolved", new JsonObject { ["text"] = $"Resolved by {d.Actor}: {d.Reason}" });
                if (_playbook.Escalate.Page)
                    _log.Effect(EffectKind.ResolvePage, $"case/{Id}/resolve_page", new JsonObject { ["note"] = $"Resolved by {d.Actor}: {d.Reason}" });
            }, "post resolution")
            .InternalTransitionIf(_confirm, MayAnswer, (a, _) => LateAnswer(a), "late answer: recorded, posted to incident")
            .InternalTransitionIf(_deny, MayAnswer, (a, _) => LateAnswer(a), "late answer: recorded, posted to incident");

        _machine.Configure(CaseState.Notified)
            .PermitIf(_escalate, CaseState.Escalated, MayEscalate, "owner or security")
            .OnEntry(() => _log.Effect(EffectKind.Notify, $"case/{Id}/notify",
                new JsonObject { ["channel"] = _playbook.NotifyChannel ?? _security.TriageChannel }), "notify channel");

        _machine.Configure(CaseState.Suppressed)
            .OnEntryFrom(_suppress, (actor, _) => Close($"suppressed by {actor}"), "close question, cancel timers");
    }

    public bool Fire(CaseTrigger trigger, string actor = "hermes") => Run(actor, () => _machine.Fire(trigger));

    public bool OwnerFound(OwnershipAnswer answer) => Run("ownership", () => _machine.Fire(_ownerFound, answer));

    public bool OwnerUnknown(string why) => Run("ownership", () => _machine.Fire(_ownerUnknown, why));

    public bool ReminderDue(int index) => Run("timer", () => _machine.Fire(_reminderDue, index));

    public bool TimeoutDue() => Run("timer", () => _machine.Fire(CaseTrigger.TimeoutDue));

    public bool Resolve(string actor, string reason) => Run(actor, () => _machine.Fire(_resolve, new Decision(actor, reason)));

    /// <summary>Escalates by hand (the owner or security, from /falcon); false when the case cannot be escalated now.</summary>
    public bool Escalate(string actor, string reason) => Run(actor, () => _machine.Fire(_escalate, new Decision(actor, reason)));

    public bool Suppress(string actor) => Run(actor, () => _machine.Fire(_suppress, actor));

    /// <summary>Takes a yes/no; says what became of it (only guards here, the service explains refusals).</summary>
    public AnswerOutcome Answer(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var before = _machine.State;
        if (!MayAnswer(answer))
        {
            _log.Note(answer.Actor, "refused_answer", $"{answer.Actor} is not the person asked ({_case.Owner ?? "nobody"}) nor in the security team");
            return AnswerOutcome.NotAllowed;
        }
        if (before is CaseState.Escalated or CaseState.Resolved)
        {
            Run(answer.Actor, () => _machine.Fire(answer.WasMe ? _confirm : _deny, answer));
            return AnswerOutcome.RecordedLate;
        }
        if (before is CaseState.Asking or CaseState.Reminding && answer.WasMe && !HasRequiredReason(answer)) return AnswerOutcome.ReasonRequired;
        if (before is CaseState.Confirmed && answer.WasMe)
        {
            Run(answer.Actor, () => _machine.Fire(_confirm, answer));
            return AnswerOutcome.Duplicate;
        }
        if (!_machine.CanFire(answer.WasMe ? _confirm : _deny, answer))
        {
            _log.Note(answer.Actor, "ignored", $"answer in {before}");
            return AnswerOutcome.Duplicate;
        }
        Run(answer.Actor, () => _machine.Fire(answer.WasMe ? _confirm : _deny, answer));
        return AnswerOutcome.Accepted;
    }

    /// <summary>The machine's graph as Mermaid (kept in the repo, pinned by a test).</summary>
    public string ToMermaid() => MermaidGraph.Format(_machine.GetInfo());

    /// <summary>The Markdown page holding the diagram (<c>bot/Hermes.Bot/Conversation/case-machine.md</c>; <c>hermes-bot diagram</c> prints it).</summary>
    public static string DiagramPage()
    {
        var machine = new CaseMachine(new CaseRecord(), PlaybookSet.BuiltInDefault, new SecurityTeam(), DateTimeOffset.UnixEpoch, new TransitionLog());
        return $"""
            # The case conversation

            Generated from `CaseMachine` by `hermes-bot diagram`; a test fails when the code and this page differ.
            Guards are shown on the edges; transitions only record effects (see `EffectKind`), run after commit.

            ```mermaid
            {machine.ToMermaid().TrimEnd()}
            ```

            """;
    }

    /// <summary>Fires; true when the case moved or an effect was recorded (an ignored trigger only leaves a timeline note).</summary>
    private bool Run(string actor, Action fire)
    {
        _actor = actor;
        _transitioned = false;
        var effects = _log.Effects.Count;
        fire();
        return _transitioned || _log.Effects.Count > effects;
    }

    private bool MayAnswer(Answer a) =>
        a.Actor == _case.Owner || _security.IsMember(a.Actor) || (_case.Owner is null && a.InAskedChannel);

    private bool MayEscalate(Decision d) => d.Actor == _case.Owner || _security.IsMember(d.Actor);

    private bool HasRequiredReason(Answer a) => _playbook.Ask is not { RequireReason: true } || !string.IsNullOrWhiteSpace(a.Reason);

    private bool IsNextReminder(int index) => _playbook.Ask is { } ask && index == _case.RemindersSent && index < ask.Reminders.Count;

    private void AskOwner(OwnershipAnswer answer)
    {
        // No owner reachable in chat but the service has a team channel: the question goes to the channel, and its
        // members may answer (checked by the transport when they click).
        _case.Owner = answer.Owners.FirstOrDefault();
        _case.OwnerChannel = answer.Channel;
        _case.OwnershipJson = JsonSerializer.Serialize(answer);
        _case.AskedAtMs = _now.ToUnixTimeMilliseconds();
        var why = string.Join("; ", answer.Provenance.Select(p => $"{p.Key}: {p.Value}"));
        _log.Note("ownership", "owner", _case.Owner is { } owner
            ? $"{owner} owns {answer.Service} ({why})"
            : $"nobody who owns {answer.Service} can be reached in chat; asking its channel {answer.Channel} ({why})");
        _log.Effect(EffectKind.Ask, $"case/{Id}/ask", _case.Owner is null
            ? new JsonObject { ["channel"] = answer.Channel }
            : new JsonObject { ["user"] = _case.Owner });
        if (_playbook.NotifyChannel is { } channel)
            _log.Effect(EffectKind.Notify, $"case/{Id}/notify", new JsonObject { ["channel"] = channel });
        var ask = _playbook.Ask!;
        if (ask.Reminders.Count > 0) ScheduleTimer("reminder", 0, ask.Due(_now, ask.Reminders[0]));
        ScheduleTimer("timeout", 0, ask.Due(_now, ask.Timeout));
    }

    private void Remind(int index)
    {
        _case.RemindersSent = index + 1;
        _log.Effect(EffectKind.Remind, $"case/{Id}/remind/{index}", new JsonObject { ["user"] = _case.Owner, ["index"] = index });
        var ask = _playbook.Ask!;
        var asked = DateTimeOffset.FromUnixTimeMilliseconds(_case.AskedAtMs ?? _now.ToUnixTimeMilliseconds());
        if (index + 1 < ask.Reminders.Count) ScheduleTimer("reminder", index + 1, ask.Due(asked, ask.Reminders[index + 1]));
    }

    private void Confirmed(Answer answer)
    {
        Close($"confirmed by {answer.Actor}{(answer.Reason is { Length: > 0 } r ? $": {r}" : "")}");
        if (_playbook.QuietOnConfirm is { } quiet)
            _log.Effect(EffectKind.Quiet, $"case/{Id}/quiet", new JsonObject
            {
                ["scope"] = quiet.Scope.ToString().ToLowerInvariant(),
                ["expires_ms"] = (_now + quiet.Duration).ToUnixTimeMilliseconds(),
                ["author"] = answer.Actor,
                ["reason"] = answer.Reason ?? $"confirmed case {Id}",
            });
    }

    private void Escalated(string reason, string detail)
    {
        _case.EscalationReason = reason;
        _log.Note(_actor, "escalation", detail);
        Close(detail);
        _log.Effect(EffectKind.Escalate, $"case/{Id}/escalate", new JsonObject
        {
            ["reason"] = reason,
            ["detail"] = detail,
            ["severity"] = _playbook.Escalate.Severity,
            ["page"] = _playbook.Escalate.Page,
            ["channel"] = _playbook.Escalate.Channel ?? _security.TriageChannel,
        });
    }

    /// <summary>Stops the timers and turns the question into a record of how it ended.</summary>
    private void Close(string detail)
    {
        if (_case.AskedAtMs is null) return;
        _log.Effect(EffectKind.CancelTimers, $"case/{Id}/cancel_timers/{_case.Version}");
        _log.Effect(EffectKind.UpdateQuestion, $"case/{Id}/update/{_case.Version}", new JsonObject { ["detail"] = detail });
    }

    private void LateAnswer(Answer a)
    {
        var text = $"{a.Actor} answered {(a.WasMe ? "yes, it was me" : "no, it was not me")} after the case was {_case.State.ToLowerInvariant()}"
            + (a.Reason is { Length: > 0 } r ? $": {r}" : "");
        _log.Note(a.Actor, "late_answer", text);
        _log.Effect(EffectKind.PostToIncident, $"case/{Id}/late/{_now.ToUnixTimeMilliseconds()}/{a.Actor}/{a.WasMe}", new JsonObject { ["text"] = text });
    }

    private void ScheduleTimer(string kind, int index, DateTimeOffset due) =>
        _log.Effect(EffectKind.ScheduleTimer, $"case/{Id}/timer/{kind}/{index}", new JsonObject
        {
            ["kind"] = kind,
            ["index"] = index,
            ["due_ms"] = due.ToUnixTimeMilliseconds(),
        });

    private static string Describe(StateMachine<CaseState, CaseTrigger>.Transition t) =>
        t.Parameters is { Length: > 0 } p && p[0] is Answer a ? $"{t.Trigger} by {a.Actor}" : t.Trigger.ToString();
}
