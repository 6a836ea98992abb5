using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

public sealed class StaffUserTests(DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Admin_adds_an_inside_sales_colleague_who_can_then_sign_in()
    {
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        var page = await admin.GetDocumentAsync("/admin");

        var response = await admin.SubmitAsync(page, "form[action*=Create]", new Dictionary<string, string>
        {
            ["Input.Email"] = "new.clerk@portal.example",
            ["Input.Name"] = "Nina Clerk",
            ["Input.Role"] = "InsideSales",
            ["Input.Password"] = "Welcome-2026x",
        });

        HtmlClient.AssertRedirect(response, "/admin");
        var list = await admin.GetDocumentAsync("/admin");
        Assert.Contains("new.clerk@portal.example", list.QuerySelector("table")!.TextContent);
        var clerk = portal.CreateHtmlClient();
        HtmlClient.AssertRedirect(await clerk.SignInAsync("new.clerk@portal.example", "Welcome-2026x"), "/sales");
    }

    [Fact]
    public async Task Weak_password_and_duplicate_email_are_refused_with_messages()
    {
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        var page = await admin.GetDocumentAsync("/admin");

        var weak = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*=Create]", new Dictionary<string, string>
        {
            ["Input.Email"] = "weak@portal.example",
            ["Input.Name"] = "Weak",
            ["Input.Role"] = "ProductManager",
            ["Input.Password"] = "short",
        }));
        Assert.Contains("at least 10 characters", weak.QuerySelector("[data-valmsg-for='Input.Password']")?.TextContent);
        Assert.Equal("weak@portal.example", weak.QuerySelector("#Input_Email")?.GetAttribute("value"));

        var duplicate = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*=Create]", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPortal.Sales,
            ["Input.Name"] = "Again",
            ["Input.Role"] = "InsideSales",
            ["Input.Password"] = "Welcome-2026x",
        }));
        Assert.Contains("is already taken", duplicate.QuerySelector("[data-valmsg-for='Input.Email']")?.TextContent);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "weak@portal.example")));
    }

    [Fact]
    public async Task Identity_messages_are_german_in_the_german_interface()
    {
        var admin = portal.CreateHtmlClient();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        var page = await admin.GetDocumentAsync("/admin");

        var refused = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*=Create]", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoPortal.Sales,
            ["Input.Name"] = "Noch einmal",
            ["Input.Role"] = "InsideSales",
            ["Input.Password"] = "kurz",
        }));

        Assert.Contains("Passwörter müssen mindestens 10 Zeichen lang sein.", refused.QuerySelector("[data-valmsg-for='Input.Password']")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Passwords", refused.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_role_cannot_be_given_through_the_staff_form()
    {
        var admin = portal.CreateHtmlClient();
        await admin.SignInAsync(DemoPortal.Admin, DemoPortal.Password);
        var page = await admin.GetDocumentAsync("/admin");

        var response = await HtmlClient.ParseAsync(await admin.SubmitAsync(page, "form[action*=Create]", new Dictionary<string, string>
        {
            ["Input.Email"] = "sneaky@portal.example",
            ["Input.Name"] = "Sneaky",
            ["Input.Role"] = "Customer",
            ["Input.Password"] = "Welcome-2026x",
        }));

        Assert.Contains("not a staff role", response.Body!.TextContent);
        Assert.False(await portal.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sneaky@portal.example")));
    }
}
