using System.Text.Json.Nodes;

namespace Hermes.Bot.Chat;

/// <summary>A message as Slack takes it: Block Kit blocks plus the plain-text fallback for notifications.</summary>
public sealed record ChatMessage(string Text, JsonArray Blocks);
