using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Payments;

namespace Portal.Web;

/// What every response tells the browser: load scripts, styles and images only from the portal itself, never be
/// framed, do not guess content types, send only the origin to other sites; and every cookie is Secure over HTTPS.
/// The pages are written for this policy: no inline scripts, styles or handlers (htmx is configured in the layout
/// not to inject its indicator style).
public static class BrowserHardening
{
    public static IHostApplicationBuilder AddPortalBrowserHardening(this IHostApplicationBuilder builder)
    {
        // Every cookie the portal writes (sign-in, antiforgery, TempData, language) goes through the cookie policy.
        builder.Services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    public static WebApplication UsePortalBrowserHardening(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(app.Services.GetRequiredService<IOptions<StripeOptions>>().Value);
        app.Use((context, next) =>
        {
            // Set when the response starts, so that error pages, 404s and re-executed status pages carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCookiePolicy();
        return app;
    }

    /// A request the client got wrong (a missing antiforgery token on a minimal endpoint, an unreadable form) is a
    /// 400 in Production too; the exception handler would otherwise answer every exception with 500.
    public static int StatusCodeFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ExceptionHandlerOptions ExceptionHandler(string path) => new()
    {
        ExceptionHandlingPath = path,
        StatusCodeSelector = StatusCodeFor,
    };

    // Card payment posts a form to the portal, which redirects to Stripe's checkout page; browsers apply
    // form-action to that redirect, so the checkout's origin (Stripe's, or a stand-in's in tests) is allowed there.
    private static string ContentSecurityPolicy(StripeOptions stripe)
    {
        var checkout = "https://checkout.stripe.com";
        if (!string.IsNullOrWhiteSpace(stripe.ApiBase) && Uri.TryCreate(stripe.ApiBase, UriKind.Absolute, out var standIn))
        {
            checkout += " " + standIn.GetLeftPart(UriPartial.Authority);
        }

        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + $"base-uri 'self'; form-action 'self' {checkout}; frame-ancestors 'none'";
    }
}
