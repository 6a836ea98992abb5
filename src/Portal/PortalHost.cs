using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Portal.Api;
using Portal.Care;
using Portal.Care.Campaigns;
using Portal.Care.Journeys;
using Portal.Catalogs;
using Portal.Data;
using Portal.Import;
using Portal.Insights;
using Portal.Identity;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;
using Portal.Payments;
using Portal.Pricing;
using Portal.ProductManagement;
using Portal.Purchasing;
using Portal.Reordering;
using Portal.Sales;
using Portal.Segmentation;
using Portal.Web;

namespace Portal;

/// The web app's table of contents: one AddXxx per capability, then the middleware and endpoints.
public static class PortalHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The web root is the repository's wwwroot/, known to a build through its static web assets manifest. The
        // framework reads that manifest only in Development; a Release build started from bin/ (load test, scale-out
        // proof) would otherwise log a warning for every static file. No-op in a published app (no such manifest).
        if (!builder.Environment.IsDevelopment())
        {
            builder.WebHost.UseStaticWebAssets();
        }

        builder.AddPortalData();
        builder.AddPortalIdentity();
        builder.AddPortalLocalization();
        builder.AddPortalMail();
        builder.AddPortalAccountFlows();

        builder.Services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeAreaFolder("Shop", "/", Policies.Buyer);
                options.Conventions.AuthorizeAreaFolder("Sales", "/", Policies.Sales);
                options.Conventions.AuthorizeAreaFolder("Pm", "/", Policies.ProductManagement);
                options.Conventions.AuthorizeAreaFolder("Admin", "/", Policies.Administration);
                options.Conventions.AuthorizeAreaFolder("Insights", "/", Policies.Insights);
                // The admin area opens on its staff list.
                options.Conventions.AddAreaPageRoute("Admin", "/Staff/Index", "admin");
            })
            // Decimals a person types are read in the page's language, never as thousands by mistake (NumberInput).
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new AmountModelBinderProvider()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.AddPortalRateLimits();
        builder.AddPortalBrowserHardening();
        builder.Services.AddAntiforgery(options => options.HeaderName = "RequestVerificationToken");
        builder.AddPortalDecryptionMemo();
        builder.Services.AddHttpContextAccessor();
        // Umlauts and € as themselves in the HTML, not as &#xFC; entities (still encoded where HTML needs it).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.AddPortalCatalogs();
        builder.AddPortalPricing();
        builder.AddPortalShop();
        builder.AddPortalPurchasing();
        builder.AddPortalSales();
        builder.AddPortalPayments();
        builder.AddPortalImport();
        builder.AddPortalSegmentation();
        builder.AddPortalReordering();
        builder.AddPortalCare();
        builder.AddPortalCampaigns();
        builder.AddPortalJourneys();
        builder.AddPortalProductManagement();
        builder.AddPortalInsights();
        builder.AddPortalApi();
        return builder;
    }

    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var app = CreateBuilder(args).Build();

        app.UsePortalBrowserHardening();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(BrowserHardening.ExceptionHandler("/error"));
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UsePortalApiErrors();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePortalApiDocs();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { AllowCachingResponses = false });
        app.MapCultureSwitch();
        app.MapStripeWebhook();
        app.MapEscalationCount();
        app.MapProductImages();
        app.MapCampaignLinks();
        app.MapPortalApi();
        app.MapRazorPages().WithStaticAssets();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Environment, default);
        }

        return app;
    }
}
