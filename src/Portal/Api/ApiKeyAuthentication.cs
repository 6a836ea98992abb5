using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Identity;

namespace Portal.Api;

/// "Authorization: Bearer pk_…" as an authentication scheme of its own. Only the API's policies name it, so it never
/// signs anyone into the pages, and the pages' cookie never authorises an API call (no cross-site request can
/// borrow a signed-in admin's session to write through the API).
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        var client = key.Length is > 0 and <= 200 ? await clients.FindActiveAsync(key, Context.RequestAborted) : null;
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        await clients.MarkUsedAsync(client.Id, Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ApiClaims.ClientId, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, client.Name),
            // The audit trail writes entries under this name (AuditTrail reads it like a staff user's).
            new(PortalClaims.DisplayName, $"API: {client.Name}"),
        };
        claims.AddRange(client.ScopeList.Select(scope => new Claim(ApiClaims.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "Send an active API key as \"Authorization: Bearer <key>\". Keys are created and revoked at /admin/api-clients.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "The API key lacks the scope this call needs.");
}
