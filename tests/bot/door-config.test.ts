// The doors' settings are checked before anything starts: the WeChat puppet (module installed,
// token present, WorkPro's authority, discontinued wxwork tokens), the WeCom robot's pair of
// secrets and the self-built app's three values, each refusal naming the variable in Chinese.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../bot/config.ts";

const configError = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("door configuration", () => {
  it("refuses a puppet module that is not installed", () => {
    expect(configError({ WECHATY_PUPPET: "wechaty-puppet-padlocal" })).toMatch(/WECHATY_PUPPET：未安装 puppet 模块「wechaty-puppet-padlocal」/);
    expect(configError({ WECHATY_PUPPET: "../../etc/passwd" })).toMatch(/WECHATY_PUPPET：未安装/);
  });

  it("accepts an installed puppet", () => {
    expect(loadConfig({ WECHATY_PUPPET: "wechaty-puppet-wechat4u" }).WECHATY_PUPPET).toBe("wechaty-puppet-wechat4u");
    expect(loadConfig({ WECHATY_PUPPET: "wechaty-puppet-service", WECHATY_PUPPET_SERVICE_TOKEN: "puppet_padlocal_0123456789abcdef" }).WECHATY_PUPPET).toBe("wechaty-puppet-service");
  });

  it("needs a token for the puppet service, an authority for WorkPro, and refuses discontinued wxwork tokens", () => {
    expect(configError({ WECHATY_PUPPET: "wechaty-puppet-service" })).toMatch(/WECHATY_PUPPET_SERVICE_TOKEN：使用 wechaty-puppet-service 时必须设置/);
    expect(configError({ WECHATY_PUPPET: "wechaty-puppet-service", WECHATY_PUPPET_SERVICE_TOKEN: "puppet_workpro_0123456789" })).toMatch(/WECHATY_PUPPET_SERVICE_AUTHORITY：WorkPro 令牌/);
    expect(loadConfig({ WECHATY_PUPPET: "wechaty-puppet-service", WECHATY_PUPPET_SERVICE_TOKEN: "puppet_workpro_0123456789", WECHATY_PUPPET_SERVICE_AUTHORITY: "token.example.org" }).WECHATY_PUPPET_SERVICE_AUTHORITY).toBe("token.example.org");
    expect(configError({ WECHATY_PUPPET: "wechaty-puppet-service", WECHATY_PUPPET_SERVICE_TOKEN: "puppet_wxwork_0123456789" })).toMatch(/puppet_wxwork 令牌已停止服务.*WECOM_BOT_TOKEN/);
  });

  it("needs the WeCom robot's token and key together, and a 43-character key", () => {
    expect(configError({ WECOM_BOT_TOKEN: "tok" })).toMatch(/WECOM_BOT_AES_KEY：WECOM_BOT_TOKEN 与 WECOM_BOT_AES_KEY 须同时设置/);
    expect(configError({ WECOM_BOT_TOKEN: "tok", WECOM_BOT_AES_KEY: "short" })).toMatch(/WECOM_BOT_AES_KEY：应为企业微信后台生成的 43 位 EncodingAESKey/);
    const key = "a".repeat(43);
    expect(loadConfig({ WECOM_BOT_TOKEN: "tok", WECOM_BOT_AES_KEY: key }).WECOM_API_BASE_URL).toBe("https://qyapi.weixin.qq.com");
  });

  it("needs all three values of the self-built app, naming the missing one", () => {
    expect(configError({ WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s" })).toMatch(/WECOM_AGENT_ID：企业微信自建应用推送需要/);
    expect(configError({ WECOM_AGENT_ID: "1000002" })).toMatch(/WECOM_CORP_ID：/);
    expect(configError({ WECOM_CORP_ID: "ww1", WECOM_CORP_SECRET: "s", WECOM_AGENT_ID: "abc" })).toMatch(/WECOM_AGENT_ID：应为数字/);
  });

  it("maps HTTP ids to the http channel unless the deployment says local", () => {
    expect(loadConfig({}).ZWB_HTTP_CHANNEL).toBe("http");
    expect(loadConfig({ ZWB_HTTP_CHANNEL: "local" }).ZWB_HTTP_CHANNEL).toBe("local");
    expect(configError({ ZWB_HTTP_CHANNEL: "admin" })).toMatch(/ZWB_HTTP_CHANNEL：应为以下之一：http、local/);
  });
});
