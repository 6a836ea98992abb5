using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Portal.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    // A failed POST is re-executed here as a POST. It binds nothing: any handler parameter makes MVC read the form,
    // which throws for a request whose antiforgery check failed and would turn a 400 into an unhandled error.
    public void OnPost() => Describe(int.TryParse(RouteData.Values["code"]?.ToString(), out var code) ? code : null);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => (t["Page not found"].Value, t["This page does not exist, or it is not part of your catalog."].Value),
            403 => (t["Access denied"].Value, t["Your account has no access to this page."].Value),
            400 => (t["Bad request"].Value, t["The request could not be understood. Please reload the page and try again."].Value),
            429 => (t["Too many requests"].Value, t["Please wait a moment and try again."].Value),
            _ => (t["Something went wrong"].Value, t["We could not complete your request. Nothing was lost; please try again in a moment."].Value),
        };
        if (code is null or >= 500)
        {
            RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        }
    }
}
