using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Portal.Identity;
using Portal.Web;

namespace Portal.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// Calls per API client and minute, on each instance (the framework's rate limiter counts in memory).
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 300;
}

/// /api/v1: JSON for machines (the wholesaler's ERP), described at /openapi/v1.json, with a reference page for
/// admins at /api/docs. Callers authenticate with an API key (ApiKeyAuthenticationHandler), each endpoint names the
/// scope it needs, every client has its own rate limit, and every error is problem details (RFC 9457).
public static class ApiExtensions
{
    public const string RateLimitPolicy = "api";

    /// Any active API client, whatever its scopes.
    public const string ClientPolicy = "api-client";

    public const string DocsPath = "/api/docs";
    public const string DocumentPath = "/openapi/v1.json";

    public static IHostApplicationBuilder AddPortalApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ApiClients>();
        builder.Services.AddScoped<ApiKeyStore>();
        builder.Services.AddScoped<OrderFeed>();
        builder.Services.AddScoped<ErpOrders>();
        builder.Services.AddScoped<ErpMasterData>();
        builder.Services.AddScoped<ApiOrders>();
        builder.Services.AddScoped<Webhooks>();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Portal-Webhooks/1"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddSingleton<WebhookDispatcher>();
        if (builder.Configuration.GetSection(WebhookOptions.SectionName).Get<WebhookOptions>()?.DispatcherEnabled ?? true)
        {
            builder.Services.AddHostedService<WebhookDispatcherService>();
        }
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ClientPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(ApiClaims.ClientId));
        foreach (var scope in ApiScopes.All)
        {
            authorization.AddPolicy(scope, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(ApiClaims.Scope, scope));
        }

        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy<string, ApiRateLimitPolicy>(RateLimitPolicy));
        builder.Services.AddOpenApi("v1", options =>
        {
            // Only the API: the pages' own small endpoints (culture switch, Stripe's webhook, counts) are no contract.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Portal API",
                    Version = "v1",
                    Description = "For the wholesaler's ERP: the order feed, acknowledgements, shipments, invoices and cancellations; products, prices, stock and customers in. "
                        + "Authenticate with the header \"Authorization: Bearer pk_…\" (an API key; an administrator creates keys at /admin/api-clients). "
                        + "Errors are problem details (RFC 9457); refused input lists its messages per field under \"errors\".",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key (pk_…), shown once when it is created.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
            // Each operation says which scope it needs.
            options.AddOperationTransformer((operation, context, _) =>
            {
                var scopes = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
                    .Select(a => a.Policy).Where(p => p is not null && ApiScopes.All.Contains(p)).Distinct().ToList();
                if (scopes.Count > 0)
                {
                    operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Scope: {string.Join(", ", scopes)}.";
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// Before routing: inside /api, errors are problem JSON, never the pages' HTML error pages.
    public static WebApplication UsePortalApiErrors(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api/v1"), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = BrowserHardening.StatusCodeFor });
            api.UseStatusCodePages();
        });
        return app;
    }

    /// After authentication: the reference page, for administrators. Swagger UI's assets come from its package,
    /// served by the portal; its page loads script and style from files, so the portal's policy holds there too.
    public static WebApplication UsePortalApiDocs(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DocsPath), docs =>
        {
            docs.Use(async (context, next) =>
            {
                var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
                if (!(await authorization.AuthorizeAsync(context.User, Policies.Administration)).Succeeded)
                {
                    await (context.User.Identity?.IsAuthenticated == true ? context.ForbidAsync() : context.ChallengeAsync());
                    return;
                }

                await next(context);
            });
            docs.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = DocsPath.TrimStart('/');
                ui.SwaggerEndpoint(DocumentPath, "Portal API v1");
                ui.DocumentTitle = "Portal API · Portal";
            });
        });
        return app;
    }

    public static WebApplication MapPortalApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ClientPolicy)
            .RequireRateLimiting(RateLimitPolicy)
            // Callers authenticate with a header, not a cookie: no cross-site form can call on someone's behalf.
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        OrderFeedEndpoints.Map(api);
        FulfilmentEndpoints.Map(api);
        MasterDataEndpoints.Map(api);
        return app;
    }
}

/// A fixed window per API client (the client id from the key), answering 429 with Retry-After when it is used up.
internal sealed class ApiRateLimitPolicy(IOptions<ApiOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
            $"This API key has made more than {options.Value.RequestsPerMinute} calls in a minute; try again after the time in Retry-After.");
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.User.FindFirst(ApiClaims.ClientId)?.Value ?? "",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
