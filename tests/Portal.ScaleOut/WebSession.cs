using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Portal.ScaleOut;

/// One person's browser without JavaScript: a cookie jar, no automatic redirects, forms posted with the
/// antiforgery token the page rendered. The base address is per call, so one session can talk to the proxy and
/// to each instance directly with the same cookies (cookies do not depend on the port).
internal sealed class WebSession : IDisposable
{
    private static readonly IBrowsingContext Parser = BrowsingContext.New(Configuration.Default);
    private readonly HttpClient http;

    public WebSession(string baseUrl)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public sealed record Page(HttpStatusCode Status, IDocument? Document, Uri? Location, string Url);

    public async Task<Page> GetAsync(string path, string? baseUrl = null)
    {
        var url = Absolute(path, baseUrl);
        using var response = await http.GetAsync(url);
        return await ReadAsync(response, url);
    }

    /// The values the form would send, with the given fields overriding them.
    public static List<KeyValuePair<string, string>> FormValues(IHtmlFormElement form, IDictionary<string, string> fields)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when string.IsNullOrEmpty(input.Name) || fields.ContainsKey(input.Name):
                    break;
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values.Add(new(input.Name!, input.Value));
                    }

                    break;
                case IHtmlInputElement input when input.Type is "submit" or "button" or "file":
                    break;
                case IHtmlInputElement input:
                    values.Add(new(input.Name!, input.Value));
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
        return values;
    }

    public static string Action(IHtmlFormElement form, Page page)
    {
        var action = form.GetAttribute("action");
        return string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
    }

    public async Task<Page> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> values, string? baseUrl = null)
    {
        var url = Absolute(path, baseUrl);
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(values));
        return await ReadAsync(response, url);
    }

    public Task<Page> SubmitAsync(Page page, IHtmlFormElement form, IDictionary<string, string> fields, string? baseUrl = null) =>
        PostAsync(Action(form, page), FormValues(form, fields), baseUrl);

    public async Task<bool> SignInAsync(string email, string password, string? baseUrl = null)
    {
        var page = await GetAsync("/account/login", baseUrl);
        var form = page.Document?.QuerySelector("input[name='Input.Email']")?.Closest("form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"No sign-in form at {page.Url} ({(int)page.Status}).");
        var result = await SubmitAsync(page, form, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, baseUrl);
        return result.Status == HttpStatusCode.Redirect && result.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) != true;
    }

    public void Dispose() => http.Dispose();

    private string Absolute(string path, string? baseUrl) =>
        path.StartsWith("http", StringComparison.Ordinal) ? path : (baseUrl ?? BaseUrl).TrimEnd('/') + path;

    private static async Task<Page> ReadAsync(HttpResponseMessage response, string url)
    {
        IDocument? document = null;
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var html = await response.Content.ReadAsStringAsync();
            document = await Parser.OpenAsync(request => request.Content(html).Address(url));
        }

        return new Page(response.StatusCode, document, response.Headers.Location, url);
    }
}
