using System.Text;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

/// Uploads a file at /pm/offer-csv the way the product manager's form does, with the page's antiforgery token.
public static class OfferCsvDriver
{
    public static Task<HttpResponseMessage> UploadOfferCsvAsync(this HtmlClient client, string kind, string csv, string format = "German") =>
        client.UploadOfferCsvAsync(kind, Encoding.UTF8.GetBytes(csv), format);

    /// The file as it was downloaded, byte for byte (an export starts with a byte order mark).
    public static async Task<HttpResponseMessage> UploadOfferCsvAsync(this HtmlClient client, string kind, byte[] csv, string format = "German")
    {
        var page = await client.GetDocumentAsync("/pm/offer-csv");
        var token = page.QuerySelector("[data-testid='import-form'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(kind), "Kind" },
            { new StringContent(format), "Format" },
            { new ByteArrayContent(csv), "file", $"{kind.ToLowerInvariant()}.csv" },
        };
        return await client.Http.PostAsync("/pm/offer-csv", content);
    }
}
