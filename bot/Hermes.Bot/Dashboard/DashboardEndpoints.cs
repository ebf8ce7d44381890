using System.Reflection;
using Hermes.Bot.Api;

namespace Hermes.Bot.Dashboard;

/// <summary>
/// The web dashboard under <c>/ui</c>: server-rendered pages that work without JavaScript, with htmx (served from
/// the binary) where it saves a page load. Same access rule as the API: local callers, or a bearer token.
/// </summary>
public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/ui/cases")).ExcludeFromDescription();
        var ui = app.MapGroup("/ui").AddEndpointFilter<ApiAccessFilter>();
        ui.MapGet("/", () => Results.Redirect("/ui/cases"));
        ui.MapGet("/cases", CasesPage.CasesAsync);
        ui.MapGet("/cases/{id:long}", CasePage.ShowAsync);
        ui.MapGet("/incidents", CasesPage.IncidentsAsync);
        ui.MapGet("/suppressions", SuppressionsPage.ListAsync);
        ui.MapPost("/suppressions/{id:long}/remove", SuppressionsPage.RemoveAsync).DisableAntiforgery();
        ui.MapGet("/collectors", CollectorsPage.ListAsync);
        ui.MapGet("/ownership", OwnershipPage.ShowAsync);
        ui.MapGet("/static/{name}", (string name) => Static(name));
    }

    private static IResult Static(string name)
    {
        var type = name switch
        {
            "htmx.min.js" => "text/javascript; charset=utf-8",
            "dashboard.css" => "text/css; charset=utf-8",
            _ => null,
        };
        if (type is null) return Results.NotFound();
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"dashboard/{name}")!;
        return Results.Stream(stream, type);
    }
}
