export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Compose Farm Desktop</h1>
      <p>Hosts, stacks and the apply preview appear here.</p>
    </main>
  );
}
