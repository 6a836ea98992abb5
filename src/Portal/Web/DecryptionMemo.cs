using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Portal.Web;

/// Every signed-in page decrypted the sign-in cookie and the antiforgery cookie and encrypted a new antiforgery
/// request token (data protection: a key derivation, AES and an HMAC each time): about a fifth of a shop page's
/// time under load. The same cookie always decrypts to the same content and a request token made for a cookie and a
/// user stays valid for both, so each instance remembers the outcome for a few minutes, keyed by the exact cookie
/// text. Nothing is trusted that was not decrypted and checked once: a different or altered cookie misses the memo.
/// Sign-out and revoked sessions are not affected: the session check (UserSessions) still runs on every request.
public static class DecryptionMemo
{
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static IHostApplicationBuilder AddPortalDecryptionMemo(this IHostApplicationBuilder builder)
    {
        // Runs after the cookie handler's own post-configuration, which creates the ticket format this wraps.
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, MemoizeSignInTickets>();

        var antiforgery = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IAntiforgery))
            ?? throw new InvalidOperationException("AddPortalDecryptionMemo must come after AddRazorPages / AddAntiforgery.");
        builder.Services.Remove(antiforgery);
        builder.Services.AddSingleton<IAntiforgery>(services => new MemoizedAntiforgery(
            (IAntiforgery)ActivatorUtilities.CreateInstance(services, antiforgery.ImplementationType!),
            services.GetRequiredService<IMemoryCache>(),
            services.GetRequiredService<IOptions<AntiforgeryOptions>>()));
        return builder;
    }

    private sealed class MemoizeSignInTickets(IMemoryCache cache) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (name == IdentityConstants.ApplicationScheme && options.TicketDataFormat is { } format and not MemoizedTicketFormat)
            {
                options.TicketDataFormat = new MemoizedTicketFormat(format, cache);
            }
        }
    }

    /// The sign-in cookie's ticket, decrypted once per cookie text. Each request gets its own copy: the cookie handler
    /// and the app may change the principal and the properties (sliding expiry) of the ticket they are handed.
    private sealed class MemoizedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner, IMemoryCache cache) : ISecureDataFormat<AuthenticationTicket>
    {
        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            if (protectedText is null || purpose is not null)
            {
                return inner.Unprotect(protectedText, purpose);
            }

            var key = (nameof(MemoizedTicketFormat), protectedText);
            if (cache.TryGetValue(key, out AuthenticationTicket? known))
            {
                return Copy(known!);
            }

            var ticket = inner.Unprotect(protectedText);
            if (ticket is not null)
            {
                cache.Set(key, Copy(ticket), Lifetime);
            }

            return ticket;
        }

        private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
            new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }

    /// Hands out the same antiforgery request token for the same antiforgery cookie and user, as the framework does
    /// within one request. Validating a posted token is left entirely to the framework.
    private sealed class MemoizedAntiforgery(IAntiforgery inner, IMemoryCache cache, IOptions<AntiforgeryOptions> options) : IAntiforgery
    {
        public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
        {
            var key = Key(httpContext);
            if (key is not null && cache.TryGetValue(key, out string? requestToken))
            {
                if (!httpContext.Response.HasStarted)
                {
                    // As the framework does whenever it hands out a token: a page with a token is never cached.
                    httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                    httpContext.Response.Headers.Pragma = "no-cache";
                }

                return new AntiforgeryTokenSet(requestToken, null, options.Value.FormFieldName, options.Value.HeaderName);
            }

            var tokens = inner.GetAndStoreTokens(httpContext);
            // Only when the request's cookie was valid and is kept; a new cookie token means the next request differs.
            if (key is not null && tokens.CookieToken is null && tokens.RequestToken is not null)
            {
                cache.Set(key, tokens.RequestToken, Lifetime);
            }

            return tokens;
        }

        public IHtmlContent GetHtml(HttpContext httpContext)
        {
            var tokens = GetAndStoreTokens(httpContext);
            var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
            input.Attributes["name"] = tokens.FormFieldName;
            input.Attributes["type"] = "hidden";
            input.Attributes["value"] = tokens.RequestToken;
            return input;
        }

        public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

        public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

        public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

        public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

        // The request token binds the cookie token to the signed-in user (their id claim), so both are in the key.
        private (string, string, string, string?)? Key(HttpContext httpContext) =>
            options.Value.Cookie.Name is { } name && httpContext.Request.Cookies[name] is { Length: > 0 } cookie
                ? (nameof(MemoizedAntiforgery), cookie, httpContext.User.Identity?.IsAuthenticated == true ? "in" : "out",
                    httpContext.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? httpContext.User.Identity?.Name)
                : null;
    }
}
