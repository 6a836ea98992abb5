using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.ProductManagement;

public sealed class ProductPictureTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task A_png_is_stored_under_the_data_folder_and_served_while_other_files_are_refused()
    {
        var pm = await portal.SignedInAsync(DemoPortal.ProductManager);
        var (_, productId) = await portal.PackAsync(ShopDriver.WallPaint1L);

        var refused = await UploadAsync(pm, productId, "not-a-picture.png"u8.ToArray(), "evil.png");
        Assert.Contains("Please upload a JPEG, PNG or WebP picture.", (await HtmlClient.ParseAsync(refused)).QuerySelector("[data-testid='picture-form']")!.TextContent);
        var tooBig = await UploadAsync(pm, productId, [.. Png, .. new byte[3 * 1024 * 1024]], "big.png");
        Assert.Contains("larger than 2 MB", (await HtmlClient.ParseAsync(tooBig)).QuerySelector("[data-testid='picture-form']")!.TextContent);

        var accepted = await UploadAsync(pm, productId, Png, "paint.png");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var file = await portal.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.ImageFile).SingleAsync());
        Assert.NotNull(file);
        Assert.True(File.Exists(Path.Combine(portal.DataPath, "product-images", file)));
        var buyer = await portal.SignedInAsync(DemoPortal.Buyer);
        var served = await buyer.Http.GetAsync($"/media/products/{file}");
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.Http.GetAsync("/media/products/..%2Fportal.db")).StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HtmlClient client, int productId, byte[] bytes, string name)
    {
        var page = await client.GetDocumentAsync($"/pm/products/{productId}");
        var token = page.QuerySelector("[data-testid='picture-form'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "picture", name },
        };
        return await client.Http.PostAsync($"/pm/products/{productId}?handler=Picture", content);
    }
}
