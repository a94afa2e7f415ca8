// ConvLab's class follower: keeps the class membership in a cookie, so it outlives the Streamlit
// session, and opens the page the instructor shows as a real navigation, so the link's values
// apply exactly as when anyone opens that link. Nothing from another host; draws nothing.

export default function (component) {
  const { data } = component;
  if (!data) return () => {};
  const secure = window.location.protocol === "https:" ? "; Secure" : ""; // never sent in clear under TLS
  for (const [name, value, maxAge] of data.cookies || []) {
    // a class membership or a lesson's step; SameSite keeps it off other sites' requests
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; SameSite=Lax; max-age=${maxAge | 0}${secure}`;
  }
  if (typeof data.open === "string" && data.open.startsWith("/")) {
    const target = new URL(data.open, window.location.origin);
    const path = "/" + target.pathname.replace(/^\/+/, ""); // one leading slash: this origin only, never "//host"
    if (path + target.search !== window.location.pathname + window.location.search) {
      window.location.assign(path + target.search);
    }
  }
  return () => {};
}
