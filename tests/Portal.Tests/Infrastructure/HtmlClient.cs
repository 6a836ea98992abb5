using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Portal.Tests.Infrastructure;

/// Drives pages over HTTP the way a browser without JavaScript would: GET a page, fill its form (with the
/// antiforgery token the page rendered), POST it, follow the redirect or read the page that came back.
public sealed class HtmlClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<IDocument> GetDocumentAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return await ParseAsync(response);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
    }

    /// Submits the form that contains the element matched by formSelector, with the given fields overriding its values.
    public async Task<HttpResponseMessage> SubmitAsync(IDocument page, string formSelector, IDictionary<string, string> fields, string? submitName = null, string? submitValue = null)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? page.QuerySelector(formSelector)?.Closest("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form at '{formSelector}' on {page.Url}:\n{page.Body?.TextContent}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked && !fields.ContainsKey(input.Name ?? ""))
                    {
                        values.Add(new(input.Name!, input.Value));
                    }

                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button":
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !fields.ContainsKey(input.Name):
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !fields.ContainsKey(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !fields.ContainsKey(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }

        values.AddRange(fields);
        if (submitName is not null)
        {
            values.Add(new(submitName, submitValue ?? ""));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await Http.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var page = await GetDocumentAsync("/account/login");
        return await SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public static void AssertRedirect(HttpResponseMessage response, string expectedPath)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect to {expectedPath}, got {(int)response.StatusCode}.");
        var location = response.Headers.Location ?? throw new InvalidOperationException("Redirect without a Location header.");
        var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
        Assert.Equal(expectedPath, absolute.AbsolutePath);
    }
}

public static class FactoryClients
{
    /// A client that keeps cookies but does not follow redirects, so tests see where the app sends the user.
    public static HtmlClient CreateHtmlClient(this PortalFactory factory) =>
        new(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}
