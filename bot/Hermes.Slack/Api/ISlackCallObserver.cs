namespace Hermes.Slack.Api;

/// <summary>Told the outcome of every Web API call ("ok" or Slack's error code), for metrics on Slack failures.</summary>
public interface ISlackCallObserver
{
    void Completed(string method, string result);
}
