namespace Portal.Ordering;

public static class ShopExtensions
{
    public static IHostApplicationBuilder AddPortalShop(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CartService>();
        builder.Services.AddScoped<CartLineCount>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderMails>();
        builder.Services.AddScoped<CustomerTerms>();
        return builder;
    }
}
